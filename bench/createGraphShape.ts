/**
 * The Create-Docker-Host graph's shape, without what each node does, so the same graph runs with
 * sleeping fakes (executor.bench.ts), against the emulator, and in the unit tests.
 */
import type { ArmOperationKind, NodeContext, NodeResult, ProvisioningNode } from '../src/azure/provisioning/graph';

export interface ShapeStep {
    id: string;
    label: string;
    dependsOn: string[];
    kind?: ArmOperationKind;
}

/** Resource group -> (virtual network with subnet || NSG || public IP) -> NIC -> VM -> extension -> engine ready. */
export const createDockerHostShape: readonly ShapeStep[] = [
    { id: 'resourceGroup', label: 'Resource group', dependsOn: [], kind: 'resourceGroup' },
    { id: 'virtualNetwork', label: 'Virtual network and subnet', dependsOn: ['resourceGroup'], kind: 'virtualNetwork' },
    { id: 'networkSecurityGroup', label: 'Network security group', dependsOn: ['resourceGroup'], kind: 'networkSecurityGroup' },
    { id: 'publicIPAddress', label: 'Public IP address', dependsOn: ['resourceGroup'], kind: 'publicIPAddress' },
    {
        id: 'networkInterface',
        label: 'Network interface',
        dependsOn: ['virtualNetwork', 'networkSecurityGroup', 'publicIPAddress'],
        kind: 'networkInterface',
    },
    { id: 'virtualMachine', label: 'Virtual machine', dependsOn: ['networkInterface'], kind: 'virtualMachine' },
    { id: 'virtualMachineExtension', label: 'Docker TLS setup', dependsOn: ['virtualMachine'], kind: 'virtualMachineExtension' },
    { id: 'engineReady', label: 'Docker engine ready', dependsOn: ['virtualMachineExtension'] },
];

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

/** The same nodes chained in the anchors' order, each depending on the one before. */
export function asAnchorSequence(nodes: readonly ProvisioningNode[]): ProvisioningNode[] {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return anchorSequentialOrder.map((id, i) => ({ ...byId.get(id)!, dependsOn: i === 0 ? [] : [anchorSequentialOrder[i - 1]] }));
}
