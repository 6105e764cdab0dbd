/**
 * The Create-Docker-Host graph's shape, taken from the real graph (src/azure/create/createHostGraph)
 * without what each node does, so the same graph runs with sleeping fakes (the unit tests and
 * bench/executor.bench.ts) and against the emulator (bench/createHost.bench.ts).
 */
import { createHostGraph, type CreateHostDeps } from '../../src/azure/create/createHostGraph';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import type { ArmOperationKind, NodeContext, NodeResult, ProvisioningNode } from '../../src/azure/provisioning/graph';

export interface ShapeStep {
    id: string;
    label: string;
    dependsOn: string[];
    kind?: ArmOperationKind;
}

/** Resource group -> (virtual network || NSG || public IP -> server certificate) -> NIC -> VM -> extension -> engine ready. */
export const createDockerHostShape: readonly ShapeStep[] = createHostGraph({ name: 'shape', resourceGroup: 'shape', subscriptionId: 'shape' } as CreateHostPlan, { clients: {} } as CreateHostDeps).map(
    ({ id, label, dependsOn, kind }) => ({ id, label, dependsOn, kind }),
);

/** The order the anchors ran the same work in, one after another (their subnet step is in our VNet node). */
export const anchorSequentialOrder: readonly string[] = [
    'resourceGroup',
    'publicIPAddress',
    'networkSecurityGroup',
    'virtualNetwork',
    'networkInterface',
    'virtualMachine',
    'virtualMachineExtension',
    'engineReady',
];

export function createGraphShape(runFor: (step: ShapeStep) => (ctx: NodeContext) => Promise<NodeResult>): ProvisioningNode[] {
    return createDockerHostShape.map((step) => ({ ...step, dependsOn: [...step.dependsOn], run: runFor(step) }));
}

/**
 * The same nodes chained in the anchors' order, each depending on the one before. A node the
 * anchors did not have (the server certificate) goes right after the last of its dependencies.
 */
export function asAnchorSequence(nodes: readonly ProvisioningNode[]): ProvisioningNode[] {
    const order = [...anchorSequentialOrder];
    for (const node of nodes.filter((n) => !order.includes(n.id))) {
        const after = Math.max(...node.dependsOn.map((d) => order.indexOf(d)));
        order.splice(after + 1, 0, node.id);
    }
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return order.map((id, i) => ({ ...byId.get(id)!, dependsOn: i === 0 ? [] : [order[i - 1]] }));
}
