import type { ArmClients } from '../armClients';
import { scheduleApiVersion, shutdownScheduleId } from '../autoShutdown/schedule';
import { getIfExists } from '../lifecycle/lifecycleDeps';
import { isDnsLabelAvailable, resourceGroupExists } from './catalog';
import { resourceNames, type CreateHostPlan } from './plan';
import { operationsOf, runResourceKinds, runResourceName, type RunResourceKind } from './runResources';
import { validateHostName } from './validateHostName';

export type NameClashKind = RunResourceKind | 'resourceGroup' | 'osDisk' | 'virtualMachineExtension' | 'autoShutdownSchedule' | 'dnsLabel';

/** A name the create would use that is already taken in Azure. */
export interface NameClash {
    readonly kind: NameClashKind;
    readonly name: string;
}

const clashLabels: Record<NameClashKind, string> = {
    resourceGroup: 'resource group',
    virtualNetwork: 'virtual network',
    networkSecurityGroup: 'network security group',
    publicIPAddress: 'public IP address',
    networkInterface: 'network interface',
    virtualMachine: 'virtual machine',
    osDisk: 'disk',
    virtualMachineExtension: 'VM extension',
    autoShutdownSchedule: 'auto-shutdown schedule',
    dnsLabel: 'DNS label',
};

export function describeClash(clash: NameClash): string {
    return `${clashLabels[clash.kind]} ${clash.name}`;
}

/** The create refused before writing anything: the names are taken. `freeName` is a host name whose names are all free. */
export class NameClashError extends Error {
    override readonly name = 'NameClashError';
    readonly code = 'NameClash';

    constructor(readonly clashes: readonly NameClash[], readonly freeName: string | undefined) {
        super(`These names are already in use in Azure: ${clashes.map(describeClash).join(', ')}. Nothing was created or changed.${freeName ? ` The name ${freeName} is free.` : ''}`);
    }
}

/** By shape, not instanceof: the provisioning core is bundled apart from the VS Code layer. */
export function isNameClashError(error: unknown): error is NameClashError {
    const e = error as Partial<NameClashError> | undefined;
    return e?.code === 'NameClash' && Array.isArray(e.clashes);
}

/**
 * Every name the plan would use that already exists: the resource group (when the plan creates
 * it), the network resources, VM, OS disk, setup extension and auto-shutdown schedule in it, and
 * the DNS label in the location. Reads only.
 */
export async function findNameClashes(clients: ArmClients, plan: CreateHostPlan, signal?: AbortSignal): Promise<NameClash[]> {
    const { compute } = clients;
    const names = resourceNames(plan);
    const rg = plan.resourceGroup;
    const opts = { abortSignal: signal };
    const groupExists = await resourceGroupExists(clients, rg, signal);
    const checks: [NameClashKind, string, () => Promise<boolean>][] = [
        ['dnsLabel', `${plan.name}.${plan.location}`, async () => !(await isDnsLabelAvailable(clients, plan.location, plan.name, signal))],
    ];
    if (plan.createResourceGroup && groupExists) {
        checks.push(['resourceGroup', rg, async () => true]);
    }
    if (groupExists) {
        const exists = async (get: () => Promise<unknown>) => (await getIfExists(get)) !== undefined;
        for (const kind of runResourceKinds) {
            const name = runResourceName(plan, kind);
            checks.push([kind, name, () => exists(() => operationsOf(clients, kind).get(rg, name, opts))]);
        }
        checks.push(['osDisk', names.osDisk, () => exists(() => compute.disks.get(rg, names.osDisk, opts))]);
        if (plan.autoShutdown) {
            // The portal's schedule of a VM of this name (left from an earlier one, say) is someone else's.
            const vmId = `/subscriptions/${plan.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${plan.name}`;
            const id = shutdownScheduleId(vmId);
            checks.push(['autoShutdownSchedule', id.slice(id.lastIndexOf('/') + 1), () => exists(() => clients.resources.resources.getById(id, scheduleApiVersion, opts))]);
        }
    }
    const taken = await Promise.all(checks.map(async ([kind, name, check]) => ((await check()) ? { kind, name } : undefined)));
    const clashes = taken.filter((c): c is NameClash => c !== undefined);
    if (clashes.some((c) => c.kind === 'virtualMachine')
        && (await getIfExists(() => compute.virtualMachineExtensions.get(rg, plan.name, names.extension, opts))) !== undefined) {
        clashes.push({ kind: 'virtualMachineExtension', name: `${plan.name}/${names.extension}` });
    }
    return clashes;
}

/** The plan with another host name; a resource group named after the host follows it. */
export function renamePlan(plan: CreateHostPlan, name: string): CreateHostPlan {
    const followsName = plan.createResourceGroup && plan.resourceGroup === `${plan.name}-rg`;
    return { ...plan, name, resourceGroup: followsName ? `${name}-rg` : plan.resourceGroup };
}

/** The first of name-2, name-3, … (up to `tries`) for which no name clashes, if any. */
export async function findFreeName(clients: ArmClients, plan: CreateHostPlan, signal?: AbortSignal, tries = 8): Promise<string | undefined> {
    const base = plan.name.replace(/-\d+$/, '');
    for (let n = 2; n < 2 + tries; n++) {
        const candidate = `${base}-${n}`;
        if (candidate !== plan.name && validateHostName(candidate) === undefined
            && (await findNameClashes(clients, renamePlan(plan, candidate), signal)).length === 0) {
            return candidate;
        }
    }
    return undefined;
}

/** Refuses, before anything is written, a plan that would reuse any name already taken in Azure. */
export async function assertNamesFree(clients: ArmClients, plan: CreateHostPlan, signal?: AbortSignal): Promise<void> {
    const clashes = await findNameClashes(clients, plan, signal);
    if (clashes.length > 0) {
        throw new NameClashError(clashes, await findFreeName(clients, plan, signal));
    }
}
