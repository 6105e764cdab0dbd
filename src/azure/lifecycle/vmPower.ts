import { powerStateOf, type PowerState } from '../../host/powerState';
import { parseResourceId } from '../resourceId';
import { azureActionError, lroOptions, type LifecycleDeps } from './lifecycleDeps';

export type PowerAction = 'start' | 'deallocate' | 'restart';
export type TransitionalState = 'starting' | 'deallocating' | 'restarting';

/** What each action is called and what the user should know before it runs. */
export const powerActions: Readonly<Record<PowerAction, { transitional: TransitionalState }>> = {
    start: { transitional: 'starting' },
    deallocate: { transitional: 'deallocating' },
    restart: { transitional: 'restarting' },
};

export interface PowerOptions {
    /** Called once Azure has accepted the request, with the state to show while it runs. */
    readonly onState?: (state: TransitionalState) => void;
    readonly signal?: AbortSignal;
}

/**
 * Runs one power action on a VM through the SDK's poller and returns the power state Azure reports
 * afterwards (read back from the instance view, not assumed from the action).
 */
export async function changePowerState(deps: LifecycleDeps, vmId: string, action: PowerAction, options: PowerOptions = {}): Promise<PowerState> {
    const { resourceGroup, name } = parseResourceId(vmId);
    const vms = deps.clients.compute.virtualMachines;
    const lro = lroOptions(deps, options.signal);
    const verb = { start: 'starting', deallocate: 'stopping (deallocating)', restart: 'restarting' }[action];
    try {
        const poller = action === 'start' ? vms.start(resourceGroup, name, lro) : action === 'deallocate' ? vms.deallocate(resourceGroup, name, lro) : vms.restart(resourceGroup, name, lro);
        await poller.submitted();
        try {
            options.onState?.(powerActions[action].transitional);
        } catch {
            // A broken listener must not leave the action unawaited.
        }
        await poller.pollUntilDone();
    } catch (error) {
        throw azureActionError(error, `${verb} VM ${name}`, deps, 'Refresh to see the VM\'s current state, then choose an action it allows (a deallocated VM can only be started).');
    }
    return readPowerState(deps, vmId, options.signal);
}

/** The VM's power state from its instance view. */
export async function readPowerState(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<PowerState> {
    const { resourceGroup, name } = parseResourceId(vmId);
    try {
        const view = await deps.clients.compute.virtualMachines.instanceView(resourceGroup, name, { abortSignal: signal });
        return powerStateOf(view.statuses);
    } catch (error) {
        throw azureActionError(error, `reading the power state of VM ${name}`, deps);
    }
}
