import type { GenericResource } from '@azure/arm-resources';
import { actionRefused, azureActionError, getIfExists, lroOptions, type LifecycleDeps } from '../lifecycle/lifecycleDeps';
import { parseResourceId } from '../resourceId';
import { managedTag, provisioningTag } from '../tags';
import { parseShutdownTime } from './shutdownTime';
import { findScheduleTimeZone } from './timeZones';

/** The portal's API for VM auto-shutdown (DevTest Labs' "global" schedules, outside any lab). */
export const scheduleApiVersion = '2018-09-15';
export const scheduleType = 'Microsoft.DevTestLab/schedules';

/** A daily auto-shutdown: the time as Azure stores it ("1900") and the Windows time zone id. */
export interface AutoShutdown {
    readonly time: string;
    readonly timeZoneId: string;
}

/** What a host's schedule is, as read from Azure. */
export interface ScheduleState extends AutoShutdown {
    readonly id: string;
    readonly enabled: boolean;
    /** Carries the extension's tag: Turn Off and Delete may remove it. */
    readonly ownedByExtension: boolean;
}

/** Azure accepts only this name for a VM's schedule, in the VM's resource group. */
export function shutdownScheduleId(vmId: string): string {
    const { subscriptionId, resourceGroup, name } = parseResourceId(vmId);
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${scheduleType}/shutdown-computevm-${name}`;
}

/** The PUT body: a daily shutdown of the VM, without notifications, carrying the extension's tags. */
export function scheduleBody(vm: { id: string; location: string; tags?: Record<string, string> }, shutdown: AutoShutdown): GenericResource {
    const runId = vm.tags?.[provisioningTag];
    return {
        location: vm.location,
        tags: { [managedTag]: 'true', ...(runId ? { [provisioningTag]: runId } : {}) },
        properties: {
            status: 'Enabled',
            taskType: 'ComputeVmShutdownTask',
            dailyRecurrence: { time: shutdown.time },
            timeZoneId: shutdown.timeZoneId,
            notificationSettings: { status: 'Disabled', timeInMinutes: 30 },
            targetResourceId: vm.id,
        },
    };
}

function stateOf(resource: GenericResource): ScheduleState {
    const p = (resource.properties ?? {}) as { status?: string; dailyRecurrence?: { time?: string }; timeZoneId?: string };
    return {
        id: resource.id ?? '',
        time: p.dailyRecurrence?.time ?? '',
        timeZoneId: p.timeZoneId ?? '',
        enabled: (p.status ?? '').toLowerCase() === 'enabled',
        ownedByExtension: resource.tags?.[managedTag] === 'true',
    };
}

/** The VM's auto-shutdown schedule, or undefined when it has none. */
export async function readAutoShutdown(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<ScheduleState | undefined> {
    try {
        const found = await getIfExists(() => deps.clients.resources.resources.getById(shutdownScheduleId(vmId), scheduleApiVersion, { abortSignal: signal }));
        return found && stateOf(found);
    } catch (error) {
        throw azureActionError(error, `reading the auto-shutdown schedule of VM ${parseResourceId(vmId).name}`, deps);
    }
}

/**
 * Creates or changes the VM's daily shutdown. A schedule someone else made (no extension tag) is
 * left alone: the message says to change it in the portal.
 */
export async function setAutoShutdown(deps: LifecycleDeps, vmId: string, shutdown: AutoShutdown, signal?: AbortSignal): Promise<ScheduleState> {
    const { resourceGroup, name } = parseResourceId(vmId);
    const parsed = parseShutdownTime(shutdown.time);
    if (!parsed.ok || parsed.hhmm !== shutdown.time || !findScheduleTimeZone(shutdown.timeZoneId)) {
        throw actionRefused(`The auto-shutdown time ${shutdown.time} or time zone ${shutdown.timeZoneId} is not one Azure accepts.`, 'Choose a time as HH:MM and a time zone from the list.');
    }
    const existing = await readAutoShutdown(deps, vmId, signal);
    if (existing && !existing.ownedByExtension) {
        throw actionRefused(`VM ${name} already has an auto-shutdown schedule that this extension did not make, so it is left as it is.`, 'Change it in the Azure portal (the VM\'s Auto-shutdown page).');
    }
    try {
        const vm = await deps.clients.compute.virtualMachines.get(resourceGroup, name, { abortSignal: signal });
        const saved = await deps.clients.resources.resources.createOrUpdateById(shutdownScheduleId(vmId), scheduleApiVersion, scheduleBody({ id: vm.id ?? vmId, location: vm.location, tags: vm.tags }, shutdown), lroOptions(deps, signal));
        return stateOf(saved);
    } catch (error) {
        throw azureActionError(error, `setting the auto-shutdown of VM ${name}`, deps);
    }
}

/** Removes the VM's schedule when the extension made it; false when there was none. */
export async function removeAutoShutdown(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<boolean> {
    const { name } = parseResourceId(vmId);
    const existing = await readAutoShutdown(deps, vmId, signal);
    if (!existing) {
        return false;
    }
    if (!existing.ownedByExtension) {
        throw actionRefused(`The auto-shutdown schedule of VM ${name} was not made by this extension, so it is left as it is.`, 'Turn it off in the Azure portal (the VM\'s Auto-shutdown page).');
    }
    try {
        await getIfExists(async () => deps.clients.resources.resources.deleteById(existing.id, scheduleApiVersion, lroOptions(deps, signal)));
        return true;
    } catch (error) {
        throw azureActionError(error, `turning off the auto-shutdown of VM ${name}`, deps);
    }
}
