import { ProvisioningNode, validateGraph } from '../src/azure/provisioning/graph';

/**
 * The longest dependency path: no executor can finish the graph faster than this, so it is the
 * lower bound the executor's wall time is measured against.
 */
export function criticalPathMs(nodes: readonly ProvisioningNode[], durationOf: (node: ProvisioningNode) => number): number {
    validateGraph(nodes);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const finish = new Map<string, number>();
    const finishOf = (node: ProvisioningNode): number => {
        let at = finish.get(node.id);
        if (at === undefined) {
            at = Math.max(0, ...node.dependsOn.map((dep) => finishOf(byId.get(dep)!))) + durationOf(node);
            finish.set(node.id, at);
        }
        return at;
    };
    return Math.max(0, ...nodes.map(finishOf));
}

/** Wall time when every node runs one after another, as the anchors did. */
export function sequentialMs(nodes: readonly ProvisioningNode[], durationOf: (node: ProvisioningNode) => number): number {
    return nodes.reduce((sum, node) => sum + durationOf(node), 0);
}

/** Node ids in an order that respects every dependency (stable: keeps the given order where free). */
export function topologicalOrder(nodes: readonly ProvisioningNode[]): string[] {
    validateGraph(nodes);
    const done = new Set<string>();
    const order: string[] = [];
    while (order.length < nodes.length) {
        const next = nodes.find((n) => !done.has(n.id) && n.dependsOn.every((d) => done.has(d)))!;
        done.add(next.id);
        order.push(next.id);
    }
    return order;
}
