import type { VirtualMachine } from '@azure/arm-compute';
import { readHostRecord } from '../../host/hostFiles';
import { parseResourceId, sameId } from '../resourceId';
import { readAutoShutdown } from '../autoShutdown/schedule';
import { provisioningTag } from '../tags';
import { azureActionError, getIfExists, type LifecycleDeps } from './lifecycleDeps';

export type HostResourceKind = 'resourceGroup' | 'autoShutdownSchedule' | 'virtualMachine' | 'osDisk' | 'networkInterface' | 'publicIPAddress' | 'networkSecurityGroup' | 'virtualNetwork';

export interface HostResource {
    readonly id: string;
    readonly kind: HostResourceKind;
    readonly name: string;
    readonly resourceGroup: string;
    /** For the pick list: "network interface dock1-nic". */
    readonly label: string;
    /**
     * Made by this extension for the host. Only the VM can be false: an adopted VM ("Enable Docker
     * on Existing VM") is listed so it can be deleted, but was not created here.
     */
    readonly createdByExtension: boolean;
    /** Ids of the listed resources that use this one; those go first. */
    readonly usedBy: readonly string[];
    /** Azure deletes it with the VM anyway (deleteOption Delete). */
    readonly deletedWithVm?: boolean;
    /** For the resource group: ids of resources in it that are not this host's and would go with it. */
    readonly alsoContains?: readonly string[];
}

export interface HostResourceList {
    readonly vmId: string;
    readonly vmName: string;
    readonly provisioningId?: string;
    /** The auto-shutdown schedule, VM, OS disk, NICs, public IPs, NSGs, virtual networks, then the resource group. */
    readonly resources: readonly HostResource[];
}

const kindOrder: readonly HostResourceKind[] = ['autoShutdownSchedule', 'virtualMachine', 'osDisk', 'networkInterface', 'publicIPAddress', 'networkSecurityGroup', 'virtualNetwork', 'resourceGroup'];
const kindLabel: Record<HostResourceKind, string> = {
    resourceGroup: 'resource group',
    autoShutdownSchedule: 'auto-shutdown schedule',
    virtualMachine: 'virtual machine',
    osDisk: 'OS disk',
    networkInterface: 'network interface',
    publicIPAddress: 'public IP address',
    networkSecurityGroup: 'network security group',
    virtualNetwork: 'virtual network',
};

type Tags = Record<string, string> | undefined;

/**
 * The resources this extension created for a host: found from the VM's own references (NIC ->
 * public IP / NSG / subnet -> virtual network, subnet NSG) and kept when they carry the VM's
 * `azure-docker-hosts:provisioning` tag value. The resource group is included when that run created
 * it (its tag, or the host record's createdResourceGroup).
 */
export async function listHostResources(deps: LifecycleDeps, vmId: string, options: { hostDir?: string; signal?: AbortSignal } = {}): Promise<HostResourceList> {
    const { resourceGroup, name } = parseResourceId(vmId);
    try {
        return await collect(deps, vmId, resourceGroup, name, options);
    } catch (error) {
        throw azureActionError(error, `listing the resources of Docker host ${name}`, deps);
    }
}

async function collect(deps: LifecycleDeps, vmId: string, rg: string, vmName: string, options: { hostDir?: string; signal?: AbortSignal }): Promise<HostResourceList> {
    const { compute, network, resources } = deps.clients;
    const opts = { abortSignal: options.signal };
    const vm: VirtualMachine = await compute.virtualMachines.get(rg, vmName, opts);
    const runId = vm.tags?.[provisioningTag];
    const ours = (tags: Tags): boolean => runId !== undefined && tags?.[provisioningTag] === runId;
    const found = new Map<string, { id: string; kind: HostResourceKind; createdByExtension: boolean; usedBy: string[]; deletedWithVm?: boolean; alsoContains?: string[] }>();
    const add = (id: string, kind: HostResourceKind, createdByExtension: boolean, usedBy?: string, extra: { deletedWithVm?: boolean } = {}) => {
        const key = id.toLowerCase();
        const item = found.get(key) ?? { id, kind, createdByExtension, usedBy: [], ...extra };
        if (usedBy && !item.usedBy.some((u) => sameId(u, usedBy))) {
            item.usedBy.push(usedBy);
        }
        found.set(key, item);
    };
    const get = <T>(id: string, read: (group: string, name: string) => Promise<T>) => {
        const parsed = parseResourceId(id);
        return getIfExists(() => read(parsed.resourceGroup, parsed.name));
    };
    const vmResourceId = vm.id ?? vmId;

    let vmCreatedHere = false;
    await Promise.all((vm.networkProfile?.networkInterfaces ?? []).map(async (ref) => {
        if (!ref.id) {
            return;
        }
        const nic = await get(ref.id, (g, n) => network.networkInterfaces.get(g, n, opts));
        if (!nic?.id) {
            return;
        }
        if (ours(nic.tags)) {
            // Create tags the NIC; adoption never does. So a tagged NIC means the VM was made here too.
            vmCreatedHere = true;
            add(nic.id, 'networkInterface', true, vmResourceId, { deletedWithVm: ref.deleteOption === 'Delete' });
        }
        // An adopted VM's NIC is not ours, but an NSG adoption attached to it is.
        const lookups: Promise<void>[] = [];
        const nsgId = nic.networkSecurityGroup?.id;
        if (nsgId) {
            lookups.push(get(nsgId, (g, n) => network.networkSecurityGroups.get(g, n, opts)).then((nsg) => {
                if (nsg?.id && ours(nsg.tags)) {
                    add(nsg.id, 'networkSecurityGroup', true, nic.id);
                }
            }));
        }
        for (const config of nic.ipConfigurations ?? []) {
            const pipId = config.publicIPAddress?.id;
            if (pipId) {
                lookups.push(get(pipId, (g, n) => network.publicIPAddresses.get(g, n, opts)).then((pip) => {
                    if (pip?.id && ours(pip.tags)) {
                        add(pip.id, 'publicIPAddress', true, nic.id);
                    }
                }));
            }
            const subnetId = config.subnet?.id;
            if (subnetId) {
                const vnetId = subnetId.replace(/\/subnets\/[^/]+$/i, '');
                lookups.push(get(vnetId, (g, n) => network.virtualNetworks.get(g, n, opts)).then(async (vnet) => {
                    if (vnet?.id && ours(vnet.tags)) {
                        add(vnet.id, 'virtualNetwork', true, nic.id);
                    }
                    const subnetNsgId = vnet?.subnets?.find((s) => sameId(s.id, subnetId))?.networkSecurityGroup?.id;
                    if (vnet?.id && subnetNsgId) {
                        const nsg = await get(subnetNsgId, (g, n) => network.networkSecurityGroups.get(g, n, opts));
                        if (nsg?.id && ours(nsg.tags)) {
                            add(nsg.id, 'networkSecurityGroup', true, vnet.id);
                        }
                    }
                }));
            }
        }
        await Promise.all(lookups);
    }));

    add(vmResourceId, 'virtualMachine', vmCreatedHere);
    // Only a schedule the extension made (its tag) is offered; it goes before its VM.
    const schedule = await readAutoShutdown(deps, vmResourceId, options.signal);
    if (schedule?.ownedByExtension && schedule.id) {
        add(schedule.id, 'autoShutdownSchedule', true);
        add(vmResourceId, 'virtualMachine', vmCreatedHere, schedule.id);
    }
    const osDisk = vm.storageProfile?.osDisk;
    if (vmCreatedHere && osDisk?.managedDisk?.id) {
        add(osDisk.managedDisk.id, 'osDisk', true, vmResourceId, { deletedWithVm: osDisk.deleteOption === 'Delete' });
    }

    const record = options.hostDir ? await readHostRecord(options.hostDir) : undefined;
    const group = await getIfExists(() => resources.resourceGroups.get(rg, opts));
    const groupCreatedHere = ours(group?.tags) || (record?.createdResourceGroup === true && record.provisioningId === runId);
    if (group?.id && runId !== undefined && groupCreatedHere) {
        const mine = [...found.values()].map((r) => r.id.toLowerCase());
        const others: string[] = [];
        for await (const r of resources.resources.listByResourceGroup(rg, opts)) {
            const id = r.id?.toLowerCase();
            // Children (extensions, subnets, rules) of the host's resources belong to the host too.
            if (id && !mine.some((m) => id === m || id.startsWith(`${m}/`))) {
                others.push(r.id!);
            }
        }
        found.set(group.id.toLowerCase(), { id: group.id, kind: 'resourceGroup', createdByExtension: true, usedBy: [], alsoContains: others });
    }

    const list: HostResource[] = [...found.values()].map((r) => {
        const parsed = r.kind === 'resourceGroup' ? { resourceGroup: rg, name: rg } : parseResourceId(r.id);
        return { ...r, name: parsed.name, resourceGroup: parsed.resourceGroup, label: `${kindLabel[r.kind]} ${parsed.name}` };
    });
    list.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) || a.name.localeCompare(b.name));
    return { vmId: vmResourceId, vmName, provisioningId: runId, resources: list };
}
