import type { ArmClients } from '../armClients';
import { getIfExists } from '../lifecycle/lifecycleDeps';
import type { CreatedResource } from '../provisioning/graph';
import type { RecordedResource } from '../provisioning/rollback';
import { provisioningTag } from '../tags';
import { resourceNames, type CreateHostPlan } from './plan';

/** The resources a create makes with a PUT of their own; each is the node of the same id. */
export type RunResourceKind = 'virtualNetwork' | 'networkSecurityGroup' | 'publicIPAddress' | 'networkInterface' | 'virtualMachine';

interface Tagged {
    id?: string;
    tags?: Record<string, string>;
}

/** What every operation group used here offers, in the SDKs' own signatures. */
interface GetAndDelete {
    get(resourceGroup: string, name: string, options: { abortSignal?: AbortSignal }): Promise<Tagged>;
    delete(resourceGroup: string, name: string, options: { abortSignal: AbortSignal; updateIntervalInMs?: number }): PromiseLike<unknown>;
}

/** ARM type (as the resource list names it) and label of each kind. */
const kinds: Record<RunResourceKind, { type: string; label: string }> = {
    virtualNetwork: { type: 'Microsoft.Network/virtualNetworks', label: 'virtual network' },
    networkSecurityGroup: { type: 'Microsoft.Network/networkSecurityGroups', label: 'network security group' },
    publicIPAddress: { type: 'Microsoft.Network/publicIPAddresses', label: 'public IP address' },
    networkInterface: { type: 'Microsoft.Network/networkInterfaces', label: 'network interface' },
    virtualMachine: { type: 'Microsoft.Compute/virtualMachines', label: 'virtual machine' },
};

export const runResourceKinds = Object.keys(kinds) as RunResourceKind[];

/** Which of a run's resources uses which (the create graph's order), for deleting them in reverse. */
export const runResourceOrder: readonly { id: RunResourceKind | 'resourceGroup'; dependsOn: (RunResourceKind | 'resourceGroup')[] }[] = [
    { id: 'resourceGroup', dependsOn: [] },
    { id: 'virtualNetwork', dependsOn: ['resourceGroup'] },
    { id: 'networkSecurityGroup', dependsOn: ['resourceGroup'] },
    { id: 'publicIPAddress', dependsOn: ['resourceGroup'] },
    { id: 'networkInterface', dependsOn: ['virtualNetwork', 'networkSecurityGroup', 'publicIPAddress'] },
    { id: 'virtualMachine', dependsOn: ['networkInterface'] },
];

/** Name of the resource of `kind` that a plan creates. */
export function runResourceName(plan: Pick<CreateHostPlan, 'name'>, kind: RunResourceKind): string {
    return kind === 'virtualMachine' ? plan.name : resourceNames(plan)[kind];
}

export function operationsOf(clients: ArmClients, kind: RunResourceKind): GetAndDelete {
    const { compute, network } = clients;
    switch (kind) {
        case 'virtualNetwork': return network.virtualNetworks;
        case 'networkSecurityGroup': return network.networkSecurityGroups;
        case 'publicIPAddress': return network.publicIPAddresses;
        case 'networkInterface': return network.networkInterfaces;
        case 'virtualMachine': return compute.virtualMachines;
    }
}

/** Thrown instead of deleting a resource whose current tags do not name this run. */
export class NotThisRunsError extends Error {
    override readonly name = 'NotThisRunsError';
}

function notThisRuns(label: string, provisioningId: string): NotThisRunsError {
    return new NotThisRunsError(`The ${label} does not carry this run's tag (${provisioningTag} = ${provisioningId}), so it was not created by this run and is left as it is.`);
}

/**
 * Deletes one resource a run made, but only while `ours` accepts its current tags: a resource
 * someone else made, or took over, is never deleted. Gone already counts as deleted.
 */
export async function deleteIfRunTagged(
    ops: GetAndDelete,
    target: { resourceGroup: string; name: string; label: string; provisioningId: string },
    ours: (tags: Record<string, string> | undefined) => boolean,
    options: { signal: AbortSignal; pollIntervalMs?: number },
): Promise<void> {
    const current = await getIfExists(() => ops.get(target.resourceGroup, target.name, { abortSignal: options.signal }));
    if (!current) {
        return;
    }
    if (!ours(current.tags)) {
        throw notThisRuns(target.label, target.provisioningId);
    }
    await getIfExists(async () => ops.delete(target.resourceGroup, target.name, { abortSignal: options.signal, updateIntervalInMs: options.pollIntervalMs }));
}

/** What the create's rollback and cleanup need to find and delete one run's resources. */
export interface RunResourceDeps {
    readonly clients: ArmClients;
    readonly pollIntervalMs?: number;
}

/** What of a plan names a run's resources. */
export type RunPlan = Pick<CreateHostPlan, 'subscriptionId' | 'resourceGroup' | 'name' | 'provisioningId' | 'createResourceGroup' | 'swarm'>;

/**
 * The resources of one run, each deleted only if its current tags carry the run's id: a resource
 * someone else made, or took over, is never deleted. Gone already counts as deleted.
 */
export class RunResources {
    private readonly names: ReturnType<typeof resourceNames>;
    /** Ids whose PUT found them existing: never this run's, whatever their tags now say. */
    private readonly disowned = new Set<string>();

    constructor(private readonly plan: RunPlan, private readonly deps: RunResourceDeps) {
        this.names = resourceNames(plan);
    }

    disown(id: string): void {
        this.disowned.add(id.toLowerCase());
    }

    /** Whether the resource of `kind` (or the run's resource group) exists and its current tags carry this run's id. */
    async carriesRunTag(kind: RunResourceKind | 'resourceGroup', signal: AbortSignal): Promise<boolean> {
        const rg = this.plan.resourceGroup;
        const current = kind === 'resourceGroup'
            ? await getIfExists(() => this.deps.clients.resources.resourceGroups.get(rg, { abortSignal: signal }))
            : await getIfExists(() => operationsOf(this.deps.clients, kind).get(rg, this.nameOf(kind), { abortSignal: signal }));
        return !!current?.id && this.ours(current.id, current.tags);
    }

    /** Name of the resource of `kind` that this plan creates. */
    nameOf(kind: RunResourceKind): string {
        return runResourceName(this.plan, kind);
    }

    idOf(kind: RunResourceKind, name = this.nameOf(kind)): string {
        return `/subscriptions/${this.plan.subscriptionId}/resourceGroups/${this.plan.resourceGroup}/providers/${kinds[kind].type}/${name}`;
    }

    labelOf(kind: RunResourceKind, name = this.nameOf(kind)): string {
        return `${kinds[kind].label} ${name}`;
    }

    /** The resource as the rollback knows it, with a delete that first checks its tag. */
    resource(kind: RunResourceKind, name = this.nameOf(kind), id = this.idOf(kind, name)): CreatedResource {
        const ops = operationsOf(this.deps.clients, kind);
        const rg = this.plan.resourceGroup;
        const label = this.labelOf(kind, name);
        return {
            id,
            kind,
            label,
            undo: (signal) => deleteIfRunTagged(ops, { resourceGroup: rg, name, label, provisioningId: this.plan.provisioningId }, (tags) => this.ours(id, tags), { signal, pollIntervalMs: this.deps.pollIntervalMs }),
        };
    }

    /** The run's own resource group: deleted whole, but only while everything in it is the run's. */
    resourceGroup(id = `/subscriptions/${this.plan.subscriptionId}/resourceGroups/${this.plan.resourceGroup}`): CreatedResource {
        const { resources } = this.deps.clients;
        const rg = this.plan.resourceGroup;
        const label = `resource group ${rg}`;
        return {
            id,
            kind: 'resourceGroup',
            label,
            containsOthers: true,
            undo: async (signal) => {
                const group = await getIfExists(() => resources.resourceGroups.get(rg, { abortSignal: signal }));
                if (!group) {
                    return;
                }
                this.assertOurs(id, group.tags, label);
                const foreign = await this.foreignIn(signal);
                if (foreign.length > 0) {
                    throw new NotThisRunsError(`The ${label} also holds ${foreign.join(', ')}, which this run did not create, so the group is left as it is.`);
                }
                await getIfExists(async () => resources.resourceGroups.delete(rg, { abortSignal: signal, updateIntervalInMs: this.deps.pollIntervalMs }));
            },
        };
    }

    /**
     * Everything in the resource group that carries this run's tag (found by ARM's tag filter), plus
     * the group itself when the run was to create it and it carries the tag. The rollback uses it to
     * find what a lost response never let it record.
     */
    async find(signal: AbortSignal): Promise<RecordedResource[]> {
        const { resources } = this.deps.clients;
        const rg = this.plan.resourceGroup;
        const found: RecordedResource[] = [];
        if (this.plan.createResourceGroup) {
            const group = await getIfExists(() => resources.resourceGroups.get(rg, { abortSignal: signal }));
            if (!group?.id || !this.ours(group.id, group.tags)) {
                return found;
            }
            found.push({ nodeId: 'resourceGroup', resource: this.resourceGroup(group.id) });
        }
        const filter = `tagName eq '${provisioningTag}' and tagValue eq '${this.plan.provisioningId}'`;
        for await (const r of resources.resources.listByResourceGroup(rg, { filter, abortSignal: signal })) {
            const kind = runResourceKinds.find((k) => kinds[k].type.toLowerCase() === r.type?.toLowerCase());
            // Other types (the setup extension) are children of a resource found here and go with it.
            // A swarm node's run shares the tag with the swarm's other runs: it claims only its own names.
            if (kind && r.id && r.name && this.ours(r.id, r.tags) && (!this.plan.swarm || r.name.toLowerCase() === this.nameOf(kind).toLowerCase())) {
                found.push({ nodeId: kind, resource: this.resource(kind, r.name, r.id) });
            }
        }
        return found;
    }

    private ours(id: string, tags: Record<string, string> | undefined): boolean {
        return tags?.[provisioningTag] === this.plan.provisioningId && !this.disowned.has(id.toLowerCase());
    }

    private assertOurs(id: string, tags: Record<string, string> | undefined, label: string): void {
        if (!this.ours(id, tags)) {
            throw notThisRuns(label, this.plan.provisioningId);
        }
    }

    /** Resources in the group that neither carry the run's tag nor are the VM's OS disk (which ARM creates untagged). */
    private async foreignIn(signal: AbortSignal): Promise<string[]> {
        const foreign: string[] = [];
        const disks = '/providers/microsoft.compute/disks/';
        const osDisk = `${disks}${this.names.osDisk.toLowerCase()}`;
        // A swarm's group also holds its nodes' OS disks, <swarm>-m1-osdisk and so on.
        const isOsDisk = (id: string) => id.endsWith(osDisk)
            || (!!this.plan.swarm && id.includes(`${disks}${this.plan.swarm.name.toLowerCase()}-`) && id.endsWith('-osdisk'));
        for await (const r of this.deps.clients.resources.resources.listByResourceGroup(this.plan.resourceGroup, { abortSignal: signal })) {
            if (r.id && r.tags?.[provisioningTag] !== this.plan.provisioningId && !isOsDisk(r.id.toLowerCase())) {
                foreign.push(r.id);
            }
        }
        return foreign;
    }
}
