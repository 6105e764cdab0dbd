import type { ResourceSku } from '@azure/arm-compute';
import { powerStateOf } from '../../host/powerState';
import { capability, listSkus, locationRestriction } from '../create/catalog';
import { parseResourceId } from '../resourceId';
import { managedTag } from '../tags';
import { actionRefused, azureActionError, lroOptions, type LifecycleDeps } from './lifecycleDeps';
import { changePowerState, readPowerState } from './vmPower';

export interface ResizeOption {
    readonly name: string;
    readonly vCpus: number;
    readonly memoryGb: number;
    /** Why Azure will not give this size here (its restriction's reason code); such a size is not offered. */
    readonly restriction?: string;
    /** The VM's hardware cannot take it while allocated: it must be deallocated first. */
    readonly needsDeallocate: boolean;
}

/** What Resize offers for a VM: its size, the sizes it can change to, and the restricted ones with why. */
export interface ResizeChoices {
    readonly currentSize: string;
    readonly location: string;
    readonly running: boolean;
    readonly sizes: readonly ResizeOption[];
}

/**
 * The region's VM sizes (other than the current one), smallest first, each marked with its
 * restriction or whether it needs deallocation: a size is reachable without one when the VM is
 * not allocated or the VM's available sizes (its hardware cluster's) include it.
 */
export function resizeOptions(skus: readonly ResourceSku[], location: string, currentSize: string, availableNow: ReadonlySet<string> | undefined): ResizeOption[] {
    const loc = location.toLowerCase();
    const byName = new Map<string, ResizeOption>();
    for (const sku of skus) {
        if (sku.resourceType !== 'virtualMachines' || !sku.name || sku.name.toLowerCase() === currentSize.toLowerCase() || !sku.locations?.some((l) => l.toLowerCase() === loc)) {
            continue;
        }
        const restriction = locationRestriction(sku, loc);
        byName.set(sku.name, {
            name: sku.name,
            vCpus: capability(sku, 'vCPUs'),
            memoryGb: capability(sku, 'MemoryGB'),
            ...(restriction ? { restriction } : {}),
            needsDeallocate: availableNow !== undefined && ![...availableNow].some((n) => n.toLowerCase() === sku.name!.toLowerCase()),
        });
    }
    return [...byName.values()].sort((a, b) => a.vCpus - b.vCpus || a.memoryGb - b.memoryGb || a.name.localeCompare(b.name));
}

export async function listResizeChoices(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<ResizeChoices> {
    const { resourceGroup, name } = parseResourceId(vmId);
    const compute = deps.clients.compute;
    try {
        const vm = await compute.virtualMachines.get(resourceGroup, name, { expand: 'instanceView', abortSignal: signal });
        const state = powerStateOf(vm.instanceView?.statuses);
        const running = state === 'running';
        const [skus, available] = await Promise.all([
            listSkus(deps.clients, vm.location, signal),
            (async () => {
                // A deallocated VM is on no hardware: every size is open to it.
                if (state === 'deallocated') {
                    return undefined;
                }
                const names = new Set<string>();
                for await (const size of compute.virtualMachines.listAvailableSizes(resourceGroup, name, { abortSignal: signal })) {
                    if (size.name) {
                        names.add(size.name);
                    }
                }
                return names;
            })(),
        ]);
        const currentSize = vm.hardwareProfile?.vmSize ?? '';
        return { currentSize, location: vm.location, running, sizes: resizeOptions(skus, vm.location, currentSize, available) };
    } catch (error) {
        throw azureActionError(error, `listing the sizes VM ${name} can take`, deps);
    }
}

export type ResizeStep = 'deallocating' | 'resizing' | 'starting';

/**
 * Changes the VM's size: deallocates first when the size needs it (then starts the VM again if it was running),
 * otherwise Azure restarts the VM in the new size itself. Answers the size Azure reports afterwards.
 */
export async function resizeVm(deps: LifecycleDeps, vmId: string, option: ResizeOption, options: { signal?: AbortSignal; onStep?: (step: ResizeStep) => void } = {}): Promise<string> {
    const { resourceGroup, name } = parseResourceId(vmId);
    if (option.restriction) {
        throw actionRefused(`Size ${option.name} is not available to this subscription in this region (${option.restriction}).`, 'Choose another size.');
    }
    const compute = deps.clients.compute;
    const before = await compute.virtualMachines.get(resourceGroup, name, { abortSignal: options.signal }).catch((error: unknown) => {
        throw azureActionError(error, `reading VM ${name}`, deps);
    });
    if (before.tags?.[managedTag] !== 'true') {
        throw actionRefused(`VM ${name} was not created or set up by this extension (it has no ${managedTag} tag), so its size is left as it is.`, 'Resize it in the Azure portal.');
    }
    const wasRunning = option.needsDeallocate && (await readPowerState(deps, vmId, options.signal)) === 'running';
    if (option.needsDeallocate) {
        options.onStep?.('deallocating');
        await changePowerState(deps, vmId, 'deallocate', { signal: options.signal });
    }
    options.onStep?.('resizing');
    let size: string | undefined;
    try {
        // The whole VM as read, with the new size, as `az vm resize` sends it.
        const vm = await compute.virtualMachines.get(resourceGroup, name, { abortSignal: options.signal });
        const updated = await compute.virtualMachines.createOrUpdate(resourceGroup, name, { ...vm, hardwareProfile: { ...vm.hardwareProfile, vmSize: option.name } }, lroOptions(deps, options.signal));
        size = updated.hardwareProfile?.vmSize;
    } catch (error) {
        throw azureActionError(error, `resizing VM ${name} to ${option.name}`, deps, option.needsDeallocate ? 'The VM is deallocated: start it again, or try another size.' : undefined);
    }
    if (wasRunning) {
        options.onStep?.('starting');
        await changePowerState(deps, vmId, 'start', { signal: options.signal });
    }
    return size ?? option.name;
}
