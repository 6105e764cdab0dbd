// A swarm's nodes, services and tasks as tree rows, without VS Code: the tree layer turns each row into a TreeItem.
import type { EngineClient } from './engineClient';

/** The fields of the Engine API's Node, Service and Task objects that the rows use. */
export interface RawSwarmNode {
    ID: string;
    Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
    Spec?: { Role?: string; Availability?: string };
    Status?: { State?: string; Message?: string };
    ManagerStatus?: { Leader?: boolean; Reachability?: string };
}

export interface RawSwarmService {
    ID: string;
    Spec?: {
        Name?: string;
        Labels?: Record<string, string>;
        Mode?: { Replicated?: { Replicas?: number }; Global?: object };
        TaskTemplate?: { ContainerSpec?: { Image?: string } };
    };
}

export interface RawSwarmTask {
    ID: string;
    ServiceID?: string;
    NodeID?: string;
    Slot?: number;
    DesiredState?: string;
    Status?: { State?: string; Message?: string; Err?: string };
}

export interface SwarmNodeRow {
    /** Includes what the row shows, so a change re-renders it. */
    readonly id: string;
    readonly nodeId: string;
    readonly label: string;
    readonly description: string;
    readonly ready: boolean;
    /** managerNode / workerNode, with `Drained` when not active: what the menus match. */
    readonly contextValue: string;
}

export interface SwarmTaskRow {
    readonly id: string;
    readonly taskId: string;
    readonly label: string;
    readonly description: string;
    readonly running: boolean;
}

export interface SwarmServiceRow {
    readonly id: string;
    readonly serviceId: string;
    readonly label: string;
    readonly description: string;
    /** The `docker stack deploy` stack the service belongs to, if any. */
    readonly stack: string | undefined;
    readonly running: number;
    /** Undefined for a global service (one task per node). */
    readonly desired: number | undefined;
    readonly tasks: readonly SwarmTaskRow[];
}

/** `vmNames`: node id → the VM it runs on, where known. */
export function swarmNodeRow(node: RawSwarmNode, vmNames: ReadonlyMap<string, string>): SwarmNodeRow {
    const role = node.Spec?.Role ?? 'worker';
    const availability = node.Spec?.Availability ?? 'active';
    const state = node.Status?.State ?? 'unknown';
    const leader = node.ManagerStatus?.Leader ? ' (leader)' : '';
    const vm = vmNames.get(node.ID);
    const label = vm ?? node.Description?.Hostname ?? node.ID.slice(0, 12);
    const description = [`${role}${leader}`, availability, state, node.Description?.Engine?.EngineVersion ? `Docker ${node.Description.Engine.EngineVersion}` : undefined].filter(Boolean).join(' · ');
    return {
        id: `${node.ID}:${description}`,
        nodeId: node.ID,
        label,
        description,
        ready: state === 'ready',
        contextValue: `${role}Node${availability === 'active' ? '' : 'Drained'}`,
    };
}

const byLabel = <T extends { label: string }>(a: T, b: T) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/**
 * Services sorted by name, each with its tasks that are meant to run (the history of shut-down
 * tasks is left out), counted as running / desired.
 */
export function swarmServiceRows(services: readonly RawSwarmService[], tasks: readonly RawSwarmTask[], nodeNames: ReadonlyMap<string, string>): SwarmServiceRow[] {
    return services.map((service) => {
        const name = service.Spec?.Name ?? service.ID.slice(0, 12);
        const own = tasks.filter((t) => t.ServiceID === service.ID && t.DesiredState !== 'shutdown');
        const taskRows = own.map((t): SwarmTaskRow => {
            const state = t.Status?.State ?? 'unknown';
            const node = t.NodeID ? (nodeNames.get(t.NodeID) ?? t.NodeID.slice(0, 12)) : 'unassigned';
            const why = t.Status?.Err ?? (state === 'running' ? undefined : t.Status?.Message);
            return {
                id: `${t.ID}:${state}`,
                taskId: t.ID,
                label: t.Slot !== undefined ? `${name}.${t.Slot}` : `${name}.${t.ID.slice(0, 12)}`,
                description: [node, state, why].filter(Boolean).join(' · '),
                running: state === 'running',
            };
        }).sort(byLabel);
        const running = taskRows.filter((t) => t.running).length;
        const replicated = service.Spec?.Mode?.Replicated;
        const desired = replicated ? (replicated.Replicas ?? 0) : undefined;
        const image = (service.Spec?.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, '');
        const description = [image, replicated ? 'replicated' : 'global', `${running}/${desired ?? own.length}`].filter(Boolean).join(' · ');
        return {
            id: `${service.ID}:${description}`,
            serviceId: service.ID,
            label: name,
            description,
            stack: service.Spec?.Labels?.['com.docker.stack.namespace'],
            running,
            desired,
            tasks: taskRows,
        };
    }).sort(byLabel);
}

export interface SwarmSnapshot {
    readonly nodes: readonly SwarmNodeRow[];
    readonly services: readonly SwarmServiceRow[];
}

/** Reads a manager's view of the swarm: nodes, services and their tasks, in three calls at once. */
export async function readSwarm(manager: EngineClient, vmNames: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<SwarmSnapshot> {
    const [nodes, services, tasks] = await Promise.all([
        manager.call('list swarm nodes', (docker) => docker.listNodes() as Promise<RawSwarmNode[]>, { signal }),
        manager.call('list services', (docker) => docker.listServices() as Promise<RawSwarmService[]>, { signal }),
        manager.call('list tasks', (docker) => docker.listTasks() as Promise<RawSwarmTask[]>, { signal }),
    ]);
    const nodeRows = nodes.map((n) => swarmNodeRow(n, vmNames));
    const nodeNames = new Map(nodes.map((n, i) => [n.ID, nodeRows[i].label]));
    return { nodes: [...nodeRows].sort(byLabel), services: swarmServiceRows(services, tasks, nodeNames) };
}

/** The swarm node id of an engine, or undefined when it is not in a swarm. */
export async function swarmNodeId(client: EngineClient, signal?: AbortSignal): Promise<{ nodeId: string; manager: boolean } | undefined> {
    const info = await client.call('info', (docker) => docker.info() as Promise<{ Swarm?: { NodeID?: string; LocalNodeState?: string; ControlAvailable?: boolean } }>, { signal });
    return info.Swarm?.LocalNodeState === 'active' && info.Swarm.NodeID ? { nodeId: info.Swarm.NodeID, manager: info.Swarm.ControlAvailable === true } : undefined;
}

/** One node's engine as the tree holds it (HostEngine): its VM's name, a client, and a description of a failure. */
export interface SwarmMemberEngine {
    readonly host: { readonly name: string };
    getClient(): Promise<EngineClient>;
    describe(error: unknown): Promise<{ readonly cause: string }>;
}

export interface SwarmReading {
    readonly snapshot: SwarmSnapshot;
    /** The manager that answered: actions go to it. */
    readonly manager: SwarmMemberEngine;
    readonly client: EngineClient;
    /** Nodes whose engine did not answer, with why. */
    readonly unanswered: readonly { readonly name: string; readonly cause: string }[];
}

export class NoManagerAnsweredError extends Error {
    constructor(swarmName: string, readonly unanswered: readonly { readonly name: string; readonly cause: string }[]) {
        super(`No manager of swarm ${swarmName} answered${unanswered.length > 0 ? ` (${unanswered.map((u) => `${u.name}: ${u.cause}`).join('; ')})` : ''}.`);
        this.name = 'NoManagerAnsweredError';
    }
}

/**
 * Asks every node's engine for its swarm node id at once (which names the nodes after their VMs),
 * then reads the swarm from the first manager that answered. Nodes that do not answer are listed;
 * when no manager answers it throws NoManagerAnsweredError naming them.
 */
export async function readSwarmOf(swarmName: string, members: readonly SwarmMemberEngine[], signal?: AbortSignal): Promise<SwarmReading> {
    const seen = await Promise.all(members.map(async (engine) => {
        try {
            const client = await engine.getClient();
            return { engine, client, member: await swarmNodeId(client, signal) };
        } catch (error) {
            return { engine, cause: (await engine.describe(error)).cause };
        }
    }));
    const vmNames = new Map(seen.flatMap((s) => (s.member ? [[s.member.nodeId, s.engine.host.name] as const] : [])));
    const unanswered = seen.flatMap((s) => ('cause' in s && s.cause !== undefined ? [{ name: s.engine.host.name, cause: s.cause }] : []));
    const manager = seen.find((s) => s.member?.manager);
    if (!manager?.client) {
        throw new NoManagerAnsweredError(swarmName, unanswered);
    }
    return { snapshot: await readSwarm(manager.client, vmNames, signal), manager: manager.engine, client: manager.client, unanswered };
}
