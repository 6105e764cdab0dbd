// What Create Docker Swarm and Add Nodes share: creating nodes at once (each a Docker host with its
// own rollback), opening their engines, and deleting one node's resources by the run's tag.
import { EngineClient } from '../../docker/engineClient';
import type { SwarmMember } from '../../docker/swarmFormation';
import { readClientMaterial } from '../../tls/storage';
import type { ArmClients } from '../armClients';
import type { ProvisioningEvent, RollbackReport } from '../provisioning/graph';
import { rollback, type RecordedResource } from '../provisioning/rollback';
import { createDockerHost, type CreateDockerHostOptions, type CreateOutcome } from './createDockerHost';
import type { CreatedHost } from './createHostGraph';
import { RunResources, runResourceOrder, type RunPlan } from './runResources';
import type { SwarmNodeFailure, SwarmNodePlan } from './swarmPlan';

export interface CreatedSwarmNode {
    readonly name: string;
    readonly role: SwarmNodePlan['role'];
    readonly host: CreatedHost;
    readonly dir: string;
}

export type SwarmNodeCreateOptions = Omit<CreateDockerHostOptions, 'plan' | 'journal' | 'generatedSshKey' | 'onEvent' | 'clients'> & {
    readonly onEvent?: (event: ProvisioningEvent) => void;
};

const noRollback: RollbackReport = { deleted: [], failedToDelete: [] };

/** Creates every node at once; a node that fails was rolled back by its own run and is named with why. */
export async function createSwarmNodes(nodes: readonly SwarmNodePlan[], options: SwarmNodeCreateOptions, clients: ArmClients): Promise<{ created: CreatedSwarmNode[]; failed: SwarmNodeFailure[] }> {
    const outcomes = await Promise.all(nodes.map((node) => createDockerHost({
        plan: node.plan,
        cloud: options.cloud,
        credential: options.credential,
        clients,
        storageRoot: options.storageRoot,
        sshPrivateKeyPath: options.sshPrivateKeyPath,
        signal: options.signal,
        engineTimeoutMs: options.engineTimeoutMs,
        pollIntervalMs: options.pollIntervalMs,
        onEvent: (event) => options.onEvent?.({ ...event, nodeId: `${node.plan.name}/${event.nodeId}` }),
    }).catch((error: unknown): CreateOutcome => ({ ok: false, error, cancelled: false, rollback: noRollback, dir: '', ms: 0 }))));
    const created: CreatedSwarmNode[] = [];
    const failed: SwarmNodeFailure[] = [];
    nodes.forEach((node, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) {
            created.push({ name: node.plan.name, role: node.role, host: outcome.host, dir: outcome.dir });
        } else {
            failed.push({ name: node.plan.name, role: node.role, error: outcome.error, leftBehind: outcome.rollback.failedToDelete.map((f) => f.label) });
        }
    });
    return { created, failed };
}

/** A client per created node, with the address the others reach it on; dispose the clients when done. */
export async function swarmMembersOf(created: readonly CreatedSwarmNode[], tlsPort: number, timeoutMs: number): Promise<{ members: (SwarmMember & { role: SwarmNodePlan['role'] })[]; dispose(): void }> {
    const clients: EngineClient[] = [];
    const dispose = () => clients.forEach((c) => c.dispose());
    try {
        const members = await Promise.all(created.map(async (node) => {
            if (!node.host.privateIp) {
                throw new Error(`Azure gave the network interface of ${node.name} no private address.`);
            }
            const client = new EngineClient({ address: node.host.address.ipAddress, port: tlsPort, tls: await readClientMaterial(node.dir) }, { timeoutMs });
            clients.push(client);
            return { name: node.name, client, privateIp: node.host.privateIp, role: node.role };
        }));
        return { members, dispose };
    } catch (error) {
        dispose();
        throw error;
    }
}

/**
 * Deletes the resources of swarm nodes: for each, what carries the run's tag under its own names
 * (a VM before its NIC and public IP; its OS disk goes with it). Nothing else in the group.
 */
export async function deleteSwarmNodeResources(clients: ArmClients, plans: readonly RunPlan[], options: { pollIntervalMs?: number; onEvent?: (event: ProvisioningEvent) => void }): Promise<RollbackReport> {
    const signal = new AbortController().signal;
    const now = () => performance.now();
    const found: RecordedResource[] = [];
    for (const plan of plans) {
        found.push(...(await new RunResources(plan, { clients, pollIntervalMs: options.pollIntervalMs }).find(signal)));
    }
    return rollback(runResourceOrder, found, signal, (event) => options.onEvent?.({ ...event, at: now() }), now);
}
