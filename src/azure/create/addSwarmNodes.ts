import { joinSwarm, type SwarmMember } from '../../docker/swarmFormation';
import { removeTlsMaterial } from '../../tls/storage';
import { createArmClients } from '../armClients';
import { getIfExists } from '../lifecycle/lifecycleDeps';
import { managedTag, provisioningTag, swarmTag } from '../tags';
import type { CreateSwarmOptions } from './createSwarm';
import type { SourceAddress } from './parseSourceAddress';
import { resourceNames } from './plan';
import { createSwarmNodes, deleteSwarmNodeResources, swarmMembersOf, type CreatedSwarmNode } from './swarmNodes';
import { maxSwarmWorkers, type SwarmNodeFailure, type SwarmNodePlan, type SwarmPlan } from './swarmPlan';

export interface AddSwarmNodesOptions extends Omit<CreateSwarmOptions, 'plan' | 'onNodesFailed'> {
    /**
     * The swarm's name, group and location, and the new nodes' size, image, user, key and port. The
     * run id is the swarm's own, and the firewall source its NSG's: the nodes share that NSG.
     */
    readonly plan: Omit<SwarmPlan, 'managers' | 'workers' | 'provisioningId' | 'source'>;
    readonly workers: number;
    /** A manager of the swarm: the new workers join through it. */
    readonly manager: SwarmMember;
}

export interface AddSwarmNodesOutcome {
    readonly added: CreatedSwarmNode[];
    /** Nodes that could not be created or join, each deleted again. */
    readonly failed: SwarmNodeFailure[];
}

/** The next free worker names of a swarm (`<swarm>-w<n>`), given the VMs its group holds. */
export function nextWorkerNames(swarmName: string, existingVms: readonly string[], count: number): string[] {
    const taken = new Set(existingVms.map((n) => n.toLowerCase()));
    const workers = existingVms.filter((n) => new RegExp(`^${swarmName}-w\\d+$`, 'i').test(n)).length;
    if (!Number.isInteger(count) || count < 1 || workers + count > maxSwarmWorkers) {
        throw new Error(`Enter a number of workers from 1 to ${maxSwarmWorkers - workers}: swarm ${swarmName} has ${workers} of at most ${maxSwarmWorkers}.`);
    }
    const names: string[] = [];
    for (let i = 1; names.length < count; i++) {
        const name = `${swarmName}-w${i}`;
        if (!taken.has(name.toLowerCase())) {
            names.push(name);
        }
    }
    return names;
}

/**
 * Add Node(s): new workers for a swarm this extension created, each a Docker host made through the
 * same provisioning graph with the swarm's run tag, in the swarm's virtual network and NSG, then
 * joined through a manager. A node that fails to create is rolled back by its own run; one that
 * cannot join is deleted again. Refused, with nothing changed, when the group is not that swarm's.
 */
export async function addSwarmNodes(options: AddSwarmNodesOptions): Promise<AddSwarmNodesOutcome> {
    const { plan } = options;
    const clients = options.clients ?? (await createArmClients(options.cloud, options.credential, plan.subscriptionId));
    const rg = plan.resourceGroup;
    const group = await getIfExists(() => clients.resources.resourceGroups.get(rg, { abortSignal: options.signal }));
    const runId = group?.tags?.[provisioningTag];
    if (!group || group.tags?.[managedTag] !== 'true' || group.tags[swarmTag] !== plan.name || !runId) {
        throw new Error(`The resource group ${rg} was not created by this extension for swarm ${plan.name}, so no node was added.`);
    }
    const names = resourceNames({ name: plan.name });
    const [vnet, nsg] = await Promise.all([
        clients.network.virtualNetworks.get(rg, names.virtualNetwork, { abortSignal: options.signal }),
        clients.network.networkSecurityGroups.get(rg, names.networkSecurityGroup, { abortSignal: options.signal }),
    ]);
    const subnetId = vnet.subnets?.find((s) => s.name === names.subnet)?.id;
    const sshSource = nsg.securityRules?.find((r) => r.name === 'allow-ssh')?.sourceAddressPrefix;
    if (!subnetId || !nsg.id || !sshSource) {
        throw new Error(`Swarm ${plan.name} has no virtual network ${names.virtualNetwork} with a subnet ${names.subnet}, or no network security group ${names.networkSecurityGroup} with its SSH rule.`);
    }
    const existing: string[] = [];
    for await (const vm of clients.compute.virtualMachines.list(rg, { abortSignal: options.signal })) {
        existing.push(vm.name ?? '');
    }
    const network = { subnetId, networkSecurityGroupId: nsg.id };
    const source: SourceAddress = sshSource === '*' ? { kind: 'any', confirmed: true } : { kind: 'cidr', prefix: sshSource, confirmed: true };
    const nodes = nextWorkerNames(plan.name, existing, options.workers).map((name): SwarmNodePlan => ({
        role: 'worker',
        plan: { ...plan, name, provisioningId: runId, source, createResourceGroup: false, swarm: { name: plan.name, network } },
    }));
    const { created, failed } = await createSwarmNodes(nodes, options, clients);
    if (created.length === 0) {
        return { added: [], failed };
    }
    const opened = await swarmMembersOf(created, plan.tlsPort, options.engineTimeoutMs);
    let missed: { name: string; error: unknown }[];
    try {
        missed = await joinSwarm(options.manager, opened.members, 'worker', options.signal);
    } catch (error) {
        missed = created.map((n) => ({ name: n.name, error }));
    } finally {
        opened.dispose();
    }
    // A node that could not join is no use to the swarm: it goes again, Azure and local.
    const dropped = created.filter((n) => missed.some((m) => m.name === n.name));
    if (dropped.length > 0) {
        const report = await deleteSwarmNodeResources(clients, nodes.filter((n) => dropped.some((d) => d.name === n.plan.name)).map((n) => n.plan), options);
        await Promise.all(dropped.map((n) => removeTlsMaterial(n.dir)));
        for (const miss of missed) {
            failed.push({ name: miss.name, role: 'worker', error: miss.error, leftBehind: report.failedToDelete.filter((f) => f.label.includes(miss.name)).map((f) => f.label) });
        }
    }
    return { added: created.filter((n) => !dropped.includes(n)), failed };
}
