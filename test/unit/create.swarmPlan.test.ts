import * as assert from 'node:assert/strict';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { ubuntuImages } from '../../src/azure/create/plan';
import { networkSecurityGroupBody, virtualMachineBody } from '../../src/azure/create/requestBodies';
import { describeNodeFailures, swarmNetworkPlan, swarmNodePlans, validateSwarmName, validateSwarmSize, type SwarmPlan } from '../../src/azure/create/swarmPlan';
import { nextWorkerNames } from '../../src/azure/create/addSwarmNodes';
import { createSwarmNetworkGraph, createHostGraph } from '../../src/azure/create/createHostGraph';
import type { ArmClients } from '../../src/azure/armClients';

const plan: SwarmPlan = {
    subscriptionId: 'sub',
    name: 'sw1',
    location: 'westeurope',
    vmSize: 'Standard_B2s',
    image: ubuntuImages[0],
    adminUser: 'azureuser',
    sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0 me',
    tlsPort: 2376,
    source: { kind: 'cidr', prefix: '203.0.113.7/32' },
    resourceGroup: 'sw1-rg',
    provisioningId: 'run-1',
    managers: 3,
    workers: 2,
};
const network = { subnetId: '/sub/vnet/subnets/default', networkSecurityGroupId: '/sub/nsg' };
const noClients = {} as ArmClients;

describe('create: Docker Swarm plans', () => {
    it('accepts 1 or 3 managers and 0 to 20 workers, and says why otherwise', () => {
        assert.equal(validateSwarmSize(1, 0), undefined);
        assert.equal(validateSwarmSize(3, 20), undefined);
        assert.match(String(validateSwarmSize(2, 1)), /1 or 3 managers/);
        assert.match(String(validateSwarmSize(1, 21)), /from 0 to 20/);
        assert.match(String(validateSwarmSize(1, -1)), /from 0 to 20/);
        assert.match(String(validateSwarmSize(1, 1.5)), /from 0 to 20/);
    });

    it('refuses a name its nodes could not be named after', () => {
        assert.equal(validateSwarmName('web'), undefined);
        assert.match(String(validateSwarmName('Web')), /lowercase/);
        assert.match(String(validateSwarmName('a'.repeat(60))), /at most 59 characters.*-m1/);
        assert.match(String(validateSwarmName('')), /name for the swarm/);
    });

    it('plans managers first, each node in the swarm\'s group and network with the run\'s tag', () => {
        const nodes = swarmNodePlans(plan, network);
        assert.deepEqual(nodes.map((n) => `${n.role} ${n.plan.name}`), ['manager sw1-m1', 'manager sw1-m2', 'manager sw1-m3', 'worker sw1-w1', 'worker sw1-w2']);
        for (const { plan: node } of nodes) {
            assert.deepEqual([node.resourceGroup, node.createResourceGroup, node.provisioningId, node.swarm], ['sw1-rg', false, 'run-1', { name: 'sw1', network }]);
        }
        assert.deepEqual(swarmNetworkPlan(plan).swarm, { name: 'sw1' });
        assert.equal(swarmNetworkPlan(plan).createResourceGroup, true);
    });

    it('opens the swarm ports only from inside the virtual network, and tags its VMs with the swarm', () => {
        const host: CreateHostPlan = swarmNodePlans(plan, network)[0].plan;
        const rules = networkSecurityGroupBody(swarmNetworkPlan(plan)).securityRules!.map((r) => `${r.protocol} ${r.destinationPortRange} from ${r.sourceAddressPrefix}`);
        assert.deepEqual(rules, ['Tcp 22 from 203.0.113.7/32', 'Tcp 2376 from 203.0.113.7/32', 'Tcp 2377 from VirtualNetwork', 'Tcp 7946 from VirtualNetwork', 'Udp 7946 from VirtualNetwork', 'Udp 4789 from VirtualNetwork']);
        assert.equal(virtualMachineBody(host, 'nic', '#cloud-config').tags?.['azure-docker-hosts:swarm'], 'sw1');
        const single: CreateHostPlan = { ...host, swarm: undefined };
        assert.equal(virtualMachineBody(single, 'nic', '#cloud-config').tags?.['azure-docker-hosts:swarm'], undefined);
    });

    it('makes the network part once, and a node graph that creates no network of its own', async () => {
        assert.deepEqual(createSwarmNetworkGraph(swarmNetworkPlan(plan), { clients: noClients }).map((n) => n.id), ['resourceGroup', 'virtualNetwork', 'networkSecurityGroup']);
        const nodeGraph = createHostGraph(swarmNodePlans(plan, network)[0].plan, { clients: noClients } as Parameters<typeof createHostGraph>[1]);
        const shared = nodeGraph.filter((n) => n.id === 'virtualNetwork' || n.id === 'networkSecurityGroup');
        assert.deepEqual(shared.map((n) => n.kind), [undefined, undefined]);
        const ctx = { signal: new AbortController().signal, outputs: new Map(), record: () => assert.fail('nothing to record') };
        assert.deepEqual(await Promise.all(shared.map(async (n) => (await n.run(ctx)).output)), [network.subnetId, network.networkSecurityGroupId]);
    });

    it('names each failed node, its role, why, and what its rollback left', () => {
        assert.equal(describeNodeFailures([
            { name: 'sw1-w1', role: 'worker', error: new Error('quota'), leftBehind: [] },
            { name: 'sw1-m2', role: 'manager', error: 'refused', leftBehind: ['public IP address sw1-m2-ip'] },
        ]), 'worker sw1-w1: quota; manager sw1-m2: refused (not deleted: public IP address sw1-m2-ip)');
    });
});

describe('Add Node(s): the new workers\' names', () => {
    it('takes the first free worker numbers, whatever the case of the VMs\' names', () => {
        assert.deepEqual(nextWorkerNames('sw1', ['sw1-m1', 'SW1-w1', 'sw1-w3'], 2), ['sw1-w2', 'sw1-w4']);
        assert.deepEqual(nextWorkerNames('sw1', ['sw1-m1'], 1), ['sw1-w1']);
    });

    it('refuses fewer than one, or more than the swarm has room for', () => {
        const twenty = Array.from({ length: 20 }, (_, i) => `sw1-w${i + 1}`);
        assert.throws(() => nextWorkerNames('sw1', ['sw1-m1', ...twenty], 1), /from 1 to 0: swarm sw1 has 20 of at most 20/);
        assert.throws(() => nextWorkerNames('sw1', ['sw1-m1'], 0), /from 1 to 20/);
        assert.throws(() => nextWorkerNames('sw1', ['sw1-m1'], 1.5), /from 1 to 20/);
    });
});
