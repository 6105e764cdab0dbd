/**
 * The provisioning graph: nodes are plain async functions with dependencies. No Azure SDK here,
 * so the executor can be tested and benchmarked with fakes and driven by the real SDK alike.
 */

/** The ARM operations the latency profile knows (the same names as test/emulator/latencyProfile.ts). */
export type ArmOperationKind =
    | 'resourceGroup'
    | 'virtualNetwork'
    | 'networkSecurityGroup'
    | 'publicIPAddress'
    | 'networkInterface'
    | 'virtualMachine'
    | 'virtualMachineExtension';

/** Something this run created, with how to delete it again. */
export interface CreatedResource {
    /** ARM id, also the key that de-duplicates a resource recorded twice. */
    id: string;
    kind: string;
    label: string;
    /** A resource group created by this run: deleting it deletes everything else recorded. */
    containsOthers?: boolean;
    undo(signal: AbortSignal): Promise<void>;
}

export interface NodeContext {
    /** Aborted when the user cancels or another node fails. */
    signal: AbortSignal;
    /** Outputs of the nodes this one depends on (and of every node finished so far), by node id. */
    outputs: ReadonlyMap<string, unknown>;
    /**
     * Records a resource as soon as ARM accepted its PUT, before waiting for the long-running
     * operation, so a cancel or failure mid-create still deletes it.
     */
    record(resource: CreatedResource): void;
}

export interface NodeResult {
    output?: unknown;
    /** Also recorded; the same as calling ctx.record for each. */
    created?: CreatedResource[];
}

export interface ProvisioningNode {
    id: string;
    label: string;
    dependsOn: string[];
    kind?: ArmOperationKind;
    run(ctx: NodeContext): Promise<NodeResult>;
}

export type ProvisioningEventType = 'start' | 'end' | 'fail' | 'rollbackStart' | 'rollbackEnd' | 'rollbackFail';

export interface ProvisioningEvent {
    type: ProvisioningEventType;
    /** The node, or for rollback events the node that created the resource. */
    nodeId: string;
    /** The node's label, or for rollback events the resource's label. */
    label: string;
    /** For start events 0; otherwise how long the node (or the delete) took. */
    ms: number;
    /** Milliseconds since the run started. */
    at: number;
    error?: unknown;
}

export interface RollbackReport {
    deleted: string[];
    failedToDelete: { label: string; error: unknown }[];
}

export type ExecutionResult =
    | { ok: true; outputs: Map<string, unknown> }
    /** failedStep: the label of the node whose failure stopped the run (none when it was cancelled between nodes). */
    | { ok: false; error: unknown; cancelled: boolean; failedStep?: string; rollback: RollbackReport };

/** Throws if an id repeats, a dependency is unknown, or the dependencies form a cycle. */
export function validateGraph(nodes: readonly ProvisioningNode[]): void {
    const byId = new Map<string, ProvisioningNode>();
    for (const node of nodes) {
        if (byId.has(node.id)) {
            throw new Error(`Provisioning graph: duplicate node id '${node.id}'`);
        }
        byId.set(node.id, node);
    }
    for (const node of nodes) {
        for (const dep of node.dependsOn) {
            if (!byId.has(dep)) {
                throw new Error(`Provisioning graph: '${node.id}' depends on unknown node '${dep}'`);
            }
        }
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: ProvisioningNode, trail: string[]): void => {
        const seen = state.get(node.id);
        if (seen === 'done') {
            return;
        }
        if (seen === 'visiting') {
            const cycle = [...trail.slice(trail.indexOf(node.id)), node.id];
            throw new Error(`Provisioning graph: dependency cycle ${cycle.join(' -> ')}`);
        }
        state.set(node.id, 'visiting');
        for (const dep of node.dependsOn) {
            visit(byId.get(dep)!, [...trail, node.id]);
        }
        state.set(node.id, 'done');
    };
    for (const node of nodes) {
        visit(node, []);
    }
}
