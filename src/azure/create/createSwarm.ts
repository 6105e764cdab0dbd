import { formSwarm } from '../../docker/swarmFormation';
import { removeTlsMaterial } from '../../tls/storage';
import { createArmClients, type ArmClients } from '../armClients';
import { executeGraph } from '../provisioning/executor';
import type { ProvisioningEvent, RollbackReport } from '../provisioning/graph';
import { rollback } from '../provisioning/rollback';
import type { CreateDockerHostOptions } from './createDockerHost';
import { createSwarmNetworkGraph } from './createHostGraph';
import { assertNamesFree } from './nameCheck';
import { nsgSourcePrefix } from './parseSourceAddress';
import { RunResources, runResourceOrder } from './runResources';
import { createSwarmNodes, deleteSwarmNodeResources, swarmMembersOf, type CreatedSwarmNode } from './swarmNodes';
import { describeNodeFailures, swarmNetworkPlan, swarmNodePlans, validateSwarmSize, type SwarmNodeFailure, type SwarmNodePlan, type SwarmPlan } from './swarmPlan';

export type { SwarmNodeFailure } from './swarmPlan';

/** A swarm create takes what a host create takes, except the host's own plan, journal and generated key. */
export interface CreateSwarmOptions extends Omit<CreateDockerHostOptions, 'plan' | 'journal' | 'generatedSshKey' | 'onEvent'> {
    readonly plan: SwarmPlan;
    /** Events of the network part and of every node; a node's carry its name first (`name/nodeId`). */
    readonly onEvent?: (event: ProvisioningEvent) => void;
    /**
     * Asked when some nodes failed (and were rolled back) but a manager was created: keep the swarm
     * of the others (the default), or roll back everything.
     */
    readonly onNodesFailed?: (failed: readonly SwarmNodeFailure[]) => Promise<'keep' | 'rollBackAll'>;
}

export type { CreatedSwarmNode } from './swarmNodes';

export type CreateSwarmOutcome =
    | { ok: true; nodes: CreatedSwarmNode[]; failed: SwarmNodeFailure[]; ms: number }
    | { ok: false; error: unknown; cancelled: boolean; failed: SwarmNodeFailure[]; rollback: RollbackReport; ms: number };

/**
 * Creates a Docker swarm: one resource group, virtual network and NSG (the swarm's ports open only
 * inside the virtual network), then every node at once, each a Docker host created as by Create
 * Docker Host with the run's tag and its own rollback. A node that fails is rolled back; when at
 * least one manager was created, the swarm is formed from the nodes that were, over their private
 * addresses, unless the user chooses to roll back everything. Nothing of the run is left when no
 * manager could be created.
 */
export async function createSwarm(options: CreateSwarmOptions): Promise<CreateSwarmOutcome> {
    const started = performance.now();
    const { plan } = options;
    const sizeProblem = validateSwarmSize(plan.managers, plan.workers);
    if (sizeProblem) {
        throw new Error(sizeProblem);
    }
    nsgSourcePrefix(plan.source);
    const networkPlan = swarmNetworkPlan(plan);
    const clients = options.clients ?? (await createArmClients(options.cloud, options.credential, plan.subscriptionId));
    const ms = () => performance.now() - started;
    const noRollback: RollbackReport = { deleted: [], failedToDelete: [] };
    try {
        await assertNamesFree(clients, networkPlan, options.signal);
    } catch (error) {
        return { ok: false, error, cancelled: options.signal?.aborted ?? false, failed: [], rollback: noRollback, ms: ms() };
    }
    const owned = new RunResources(networkPlan, { clients, pollIntervalMs: options.pollIntervalMs });
    const networkGraph = createSwarmNetworkGraph(networkPlan, { clients, owned, pollIntervalMs: options.pollIntervalMs });
    const networkRun = await executeGraph(networkGraph, { signal: options.signal, onEvent: options.onEvent, discover: (signal) => owned.find(signal) });
    if (!networkRun.ok) {
        return { ok: false, error: networkRun.error, cancelled: networkRun.cancelled, failed: [], rollback: networkRun.rollback, ms: ms() };
    }
    const network = { subnetId: networkRun.outputs.get('virtualNetwork') as string, networkSecurityGroupId: networkRun.outputs.get('networkSecurityGroup') as string };
    const nodes = swarmNodePlans(plan, network);

    const { created, failed } = await createSwarmNodes(nodes, options, clients);

    const rollBackAll = async (error: unknown): Promise<CreateSwarmOutcome> => {
        const report = await rollBackSwarm(clients, options, nodes, owned);
        // The nodes' certificates go too: their hosts are gone.
        await Promise.all(created.map((node) => removeTlsMaterial(node.dir)));
        return { ok: false, error, cancelled: options.signal?.aborted ?? false, failed, rollback: report, ms: ms() };
    };
    const managers = created.filter((n) => n.role === 'manager');
    if (options.signal?.aborted || managers.length === 0) {
        return rollBackAll(options.signal?.aborted ? options.signal.reason : new Error(`No manager of the swarm ${plan.name} could be created, so nothing of it is kept: ${describeNodeFailures(failed)}`));
    }
    if (failed.length > 0 && (await options.onNodesFailed?.(failed)) === 'rollBackAll') {
        return rollBackAll(new Error(`Rolled back at your request after: ${describeNodeFailures(failed)}`));
    }

    let opened: Awaited<ReturnType<typeof swarmMembersOf>> | undefined;
    try {
        opened = await swarmMembersOf(created, plan.tlsPort, options.engineTimeoutMs);
        const { members } = opened;
        const formation = await formSwarm(members.filter((m) => m.role === 'manager'), members.filter((m) => m.role === 'worker'), options.signal);
        for (const miss of formation.failed) {
            const node = created.find((n) => n.name === miss.name)!;
            failed.push({ name: node.name, role: node.role, error: miss.error, leftBehind: [] });
        }
    } catch (error) {
        return rollBackAll(error);
    } finally {
        opened?.dispose();
    }
    return { ok: true, nodes: created.filter((n) => !failed.some((f) => f.name === n.name)), failed, ms: ms() };
}

/**
 * Deletes everything of the run: the nodes' own resources first (a VM before its NIC and public IP;
 * its OS disk goes with it), then the resource group, which holds nothing else by then. Each
 * delete checks the run's tag first.
 */
async function rollBackSwarm(clients: ArmClients, options: CreateSwarmOptions, nodes: readonly SwarmNodePlan[], owned: RunResources): Promise<RollbackReport> {
    const report = await deleteSwarmNodeResources(clients, nodes.map((n) => n.plan), options);
    if (report.failedToDelete.length > 0) {
        return report;
    }
    const now = () => performance.now();
    const group = await rollback(runResourceOrder, await owned.find(new AbortController().signal), new AbortController().signal, (event) => options.onEvent?.({ ...event, at: now() }), now);
    return { deleted: [...report.deleted, ...group.deleted], failedToDelete: group.failedToDelete };
}
