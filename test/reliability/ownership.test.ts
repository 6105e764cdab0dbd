import * as assert from 'node:assert/strict';
import type { CreateOutcome } from '../../src/azure/create/createDockerHost';
import type { AlreadyExistsError } from '../../src/azure/create/createHostGraph';
import { findNameClashes, NameClashError, renamePlan } from '../../src/azure/create/nameCheck';
import { provisioningTag } from '../../src/azure/tags';
import { scheduleApiVersion } from '../../src/azure/autoShutdown/schedule';
import type { ArmClients } from '../../src/azure/armClients';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

const group = 'owners-rg';
const location = 'eastus';
const theirTags = { owner: 'someone-else', purpose: 'not yours' };
const lro = { updateIntervalInMs: 10 };
const rgId = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}`;

/** Someone else's resources, made through the same SDK a user's scripts would use. */
const makers = {
    async virtualNetwork(c: ArmClients, name: string) {
        await c.network.virtualNetworks.createOrUpdate(group, name, { location, tags: theirTags, addressSpace: { addressPrefixes: ['10.9.0.0/16'] }, subnets: [{ name: 'theirs', addressPrefix: '10.9.1.0/24' }] }, lro);
        return 'Microsoft.Network/virtualNetworks';
    },
    async networkSecurityGroup(c: ArmClients, name: string) {
        const rule = { name: 'allow-https', protocol: 'Tcp' as const, sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: '*', destinationAddressPrefix: '*', access: 'Allow' as const, priority: 300, direction: 'Inbound' as const };
        await c.network.networkSecurityGroups.createOrUpdate(group, name, { location, tags: theirTags, securityRules: [rule] }, lro);
        return 'Microsoft.Network/networkSecurityGroups';
    },
    async publicIPAddress(c: ArmClients, name: string) {
        await c.network.publicIPAddresses.createOrUpdate(group, name, { location, tags: theirTags, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: `theirs-${name}` } }, lro);
        return 'Microsoft.Network/publicIPAddresses';
    },
    async networkInterface(c: ArmClients, name: string) {
        const subnet = await bystanderSubnet(c);
        await c.network.networkInterfaces.createOrUpdate(group, name, { location, tags: theirTags, ipConfigurations: [{ name: 'theirs', subnet: { id: subnet }, privateIPAllocationMethod: 'Dynamic' }] }, lro);
        return 'Microsoft.Network/networkInterfaces';
    },
    async virtualMachine(c: ArmClients, name: string) {
        const subnet = await bystanderSubnet(c);
        const nic = await c.network.networkInterfaces.createOrUpdate(group, `${name}-their-nic`, { location, tags: theirTags, ipConfigurations: [{ name: 'theirs', subnet: { id: subnet } }] }, lro);
        await makeTheirVm(c, name, nic.id!);
        return 'Microsoft.Compute/virtualMachines';
    },
};
type Kind = keyof typeof makers;
const suffix: Record<Kind, string> = { virtualNetwork: '-vnet', networkSecurityGroup: '-nsg', publicIPAddress: '-ip', networkInterface: '-nic', virtualMachine: '' };
const label: Record<Kind, string> = { virtualNetwork: 'virtual network', networkSecurityGroup: 'network security group', publicIPAddress: 'public IP address', networkInterface: 'network interface', virtualMachine: 'virtual machine' };

async function bystanderSubnet(c: ArmClients): Promise<string> {
    const vnet = await c.network.virtualNetworks.createOrUpdate(group, 'bystander-vnet', { location, tags: theirTags, addressSpace: { addressPrefixes: ['10.8.0.0/16'] }, subnets: [{ name: 'theirs', addressPrefix: '10.8.0.0/24' }] }, lro);
    return vnet.subnets![0].id!;
}

describe('A create never touches what it did not make', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
        const c = await world.clients();
        await c.resources.resourceGroups.createOrUpdate(group, { location, tags: theirTags });
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    /** The stored record of a resource, whole: properties, tags, etag (which any write changes) and children. */
    const snapshot = (id: string) => JSON.stringify(world.emulator.state.all().filter((r) => r.id.toLowerCase() === id.toLowerCase() || r.id.toLowerCase().startsWith(`${id.toLowerCase()}/`)).sort((a, b) => a.id.localeCompare(b.id)));
    const groupSnapshot = (rg: string) => JSON.stringify(world.emulator.state.resourceGroup(world.subscription.subscriptionId, rg));

    /** Runs fn and returns the PUT, PATCH and DELETE requests sent meanwhile. */
    async function writesDuring<T>(fn: () => Promise<T>): Promise<{ result: T; writes: { method: string; path: string; status: number }[] }> {
        const from = world.emulator.requestLog.length;
        const result = await fn();
        await world.emulator.settle();
        const writes = world.emulator.requestLog.slice(from).filter((e) => ['PUT', 'PATCH', 'DELETE'].includes(e.method)).map((e) => ({ method: e.method, path: decodeURIComponent(e.path).toLowerCase(), status: e.status }));
        return { result, writes };
    }

    function assertRefused(outcome: CreateOutcome, clashes: string[]): NameClashError {
        assert.equal(outcome.ok, false, 'the create succeeded');
        const error = !outcome.ok ? outcome.error : undefined;
        assert.ok(error instanceof NameClashError, `expected the names to be refused before any write, got: ${String(error)}`);
        assert.deepEqual(error.clashes.map((c) => `${c.kind} ${c.name}`).sort(), [...clashes].sort());
        for (const clash of error.clashes) {
            assert.match(error.message, new RegExp(clash.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        }
        assert.match(error.message, /Nothing was created or changed/);
        assert.ok(error.freeName, 'no free name was offered');
        assert.match(error.message, new RegExp(`The name ${error.freeName} is free`));
        return error;
    }

    scenario({ area: 'Security', kind: 'emulator', name: 'Pre-existing resource group untouched', fault: 'A resource group named like the new host\'s (<name>-rg) already exists, with its own tags', expected: 'Refused before any write, naming the group and offering a free name; no PUT, PATCH or DELETE to the group; its body and tags unchanged' }, async () => {
        const c = await world.clients();
        await c.resources.resourceGroups.createOrUpdate('taken-rg', { location, tags: theirTags });
        const before = groupSnapshot('taken-rg');
        const baseline = world.inventory();
        const { result, writes } = await writesDuring(() => world.create('taken'));
        const error = assertRefused(result, ['resourceGroup taken-rg']);
        assert.deepEqual(writes, [], 'a write was sent');
        assert.equal(groupSnapshot('taken-rg'), before, 'the group changed');
        assertInventory(world.inventory(), baseline, 'Azure after the refused create');
        assert.deepEqual(await findNameClashes(c, renamePlan(world.plan('taken'), error.freeName!)), [], 'the offered name is not free');
        await world.deleteGroup('taken-rg');
    });

    for (const kind of Object.keys(makers) as Kind[]) {
        const host = `victim-${kind.toLowerCase().slice(0, 12)}`;
        const name = `${host}${suffix[kind]}`;
        scenario({ area: 'Security', kind: 'emulator', name: `Pre-existing ${label[kind]} untouched`, fault: `A ${label[kind]} named ${name} with its own body and tags exists in the chosen resource group`, expected: `Refused before any write, naming it and offering a free name; no PUT, PATCH or DELETE to its URL; its body and tags unchanged` }, async () => {
            const c = await world.clients();
            const type = await makers[kind](c, name);
            const id = `${rgId(world.subscription.subscriptionId, group)}/providers/${type}/${name}`;
            const before = snapshot(id);
            assert.notEqual(before, '[]');
            const baseline = world.inventory();
            const { result, writes } = await writesDuring(() => world.create(host, { plan: { resourceGroup: group, createResourceGroup: false } }));
            assert.deepEqual(writes.filter((w) => w.path === id.toLowerCase() || w.path.startsWith(`${id.toLowerCase()}/`)), [], `a write was sent to ${id}`);
            assert.equal(snapshot(id), before, `${id} changed`);
            assert.deepEqual(writes, [], 'a write was sent');
            assertRefused(result, [`${kind} ${name}`]);
            assertInventory(world.inventory(), baseline, 'Azure after the refused create');
        });
    }

    scenario({ area: 'Security', kind: 'emulator', name: 'Pre-existing auto-shutdown schedule untouched', fault: 'The chosen resource group holds someone\'s VM of the new host\'s name with its shutdown-computevm-<name> schedule (the portal\'s Auto-shutdown), and the create asks for auto-shutdown', expected: 'Refused before any write, naming the VM and its schedule and offering a free name; the schedule unchanged' }, async () => {
        const c = await world.clients();
        const host = 'sched-victim';
        // Azure makes a VM's schedule only for a VM that exists: theirs, of the same name.
        await makers.virtualMachine(c, host);
        const id = `${rgId(world.subscription.subscriptionId, group)}/providers/Microsoft.DevTestLab/schedules/shutdown-computevm-${host}`;
        await c.resources.resources.beginCreateOrUpdateByIdAndWait(id, scheduleApiVersion, {
            location, tags: theirTags,
            properties: { status: 'Enabled', taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time: '1900' }, timeZoneId: 'UTC', targetResourceId: `${rgId(world.subscription.subscriptionId, group)}/providers/Microsoft.Compute/virtualMachines/${host}` },
        }, lro);
        const before = snapshot(id);
        assert.notEqual(before, '[]');
        const { result, writes } = await writesDuring(() => world.create(host, { plan: { resourceGroup: group, createResourceGroup: false, autoShutdown: { time: '1900', timeZoneId: 'UTC' } } }));
        assertRefused(result, [`virtualMachine ${host}`, `autoShutdownSchedule shutdown-computevm-${host}`]);
        assert.deepEqual(writes, [], 'a write was sent');
        assert.equal(snapshot(id), before, 'the schedule changed');
        // The emulator's scheduler keeps a schedule's own clock, which later scenarios' inventories would see move.
        await c.resources.resources.beginDeleteByIdAndWait(id, scheduleApiVersion, lro);
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'Every clash named at once', fault: 'A VNet, NSG, public IP, NIC and VM of the new host\'s names exist, and its DNS label is taken', expected: 'One refusal names all six; the free name it offers then creates a host' }, async () => {
        const c = await world.clients();
        const host = 'crowd';
        for (const kind of Object.keys(makers) as Kind[]) {
            await makers[kind](c, `${host}${suffix[kind]}`);
        }
        await c.network.publicIPAddresses.createOrUpdate(group, 'label-holder', { location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: host } }, lro);
        const { result, writes } = await writesDuring(() => world.create(host, { plan: { resourceGroup: group, createResourceGroup: false } }));
        const error = assertRefused(result, ['dnsLabel crowd.eastus', 'networkInterface crowd-nic', 'networkSecurityGroup crowd-nsg', 'publicIPAddress crowd-ip', 'virtualMachine crowd', 'virtualNetwork crowd-vnet']);
        assert.deepEqual(writes, [], 'a write was sent');
        const retry = await world.create(error.freeName!, { plan: { resourceGroup: group, createResourceGroup: false } });
        assert.ok(retry.ok, String(!retry.ok && retry.error));
    });

    scenario({ area: 'Security', kind: 'emulator', name: 'A VM of the same name appears after the check', fault: 'Someone creates a VM of the host\'s name while the create runs (If-None-Match: * race)', expected: 'ARM refuses the create-only PUT (412); the other VM is unchanged; everything this run made is deleted' }, async () => {
        const c = await world.clients();
        const subnet = await bystanderSubnet(c);
        const theirNic = await c.network.networkInterfaces.createOrUpdate(group, 'racer-their-nic', { location, tags: theirTags, ipConfigurations: [{ name: 'theirs', subnet: { id: subnet } }] }, lro);
        const baselineBefore = world.inventory();
        const vmId = `${rgId(world.subscription.subscriptionId, group)}/providers/Microsoft.Compute/virtualMachines/racer`;
        // The run's VM PUT is held back; meanwhile the other VM is made.
        world.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/racer$/, delayMs: 400, once: true });
        let theirs: Promise<unknown> | undefined;
        const { result } = await writesDuring(() => world.create('racer', {
            plan: { resourceGroup: group, createResourceGroup: false },
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'virtualMachine') {
                    theirs = new Promise((resolve) => setTimeout(resolve, 100)).then(() => makeTheirVm(c, 'racer', theirNic.id!));
                }
            },
        }));
        await theirs;
        assert.equal(result.ok, false, 'the create succeeded');
        assert.match(String(!result.ok && (result.error as Error).message), /virtual machine racer appeared in Azure while this run was creating it/);
        assert.ok(!result.ok && result.rollback.failedToDelete.length === 0, 'the rollback left something');
        const vm = world.emulator.state.get(vmId);
        assert.deepEqual(vm?.tags, theirTags, 'the other VM was changed');
        assert.equal(vm?.properties.osProfile && (vm.properties.osProfile as { adminUsername?: string }).adminUsername, 'theirs');
        assert.deepEqual(Object.keys(world.inventory()).filter((id) => !(id in baselineBefore)).filter((id) => !/racer(\/|$)|racer_osdisk|racer-their/i.test(id)), [], 'orphaned resources');
        assert.ok(world.emulator.inventory().every((i) => i.tags[provisioningTag] !== 'run-racer'), 'resources tagged with the run are left');
    });

    scenario({ area: 'Security', kind: 'emulator', name: 'An NSG of the same name appears after the check', fault: 'Someone creates an NSG of the host\'s name while the create runs; the Network API has no If-None-Match, so the run\'s PUT rewrites it', expected: 'The message says the NSG was overwritten and names it (never "left as it is"); it is not deleted; everything this run made is' }, async () => {
        const c = await world.clients();
        const nsgId = `${rgId(world.subscription.subscriptionId, group)}/providers/Microsoft.Network/networkSecurityGroups/nsgracer-nsg`;
        // The run's NSG PUT is held back; meanwhile the other NSG is made.
        world.emulator.faults.add({ method: 'PUT', path: /networkSecurityGroups\/nsgracer-nsg$/, delayMs: 400, once: true });
        let theirs: Promise<unknown> | undefined;
        const outcome = await world.create('nsgracer', {
            plan: { resourceGroup: group, createResourceGroup: false },
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'networkSecurityGroup') {
                    theirs = new Promise((resolve) => setTimeout(resolve, 100)).then(() => makers.networkSecurityGroup(c, 'nsgracer-nsg'));
                }
            },
        });
        await theirs;
        assert.equal(outcome.ok, false, 'the create succeeded');
        const error = !outcome.ok ? (outcome.error as AlreadyExistsError) : undefined;
        assert.match(String(error?.message), /network security group nsgracer-nsg appeared in Azure while this run was creating it .*this run's request overwrote it/);
        assert.doesNotMatch(String(error?.message), /left as it is|leaves it alone/);
        assert.equal(error?.overwritten, 'network security group nsgracer-nsg');
        assert.ok(!outcome.ok && outcome.rollback.failedToDelete.length === 0, 'the rollback left something');
        assert.ok(world.emulator.state.get(nsgId), 'the overwritten NSG was deleted');
        assert.ok(world.emulator.inventory().every((i) => i.id.toLowerCase() === nsgId.toLowerCase() || i.tags[provisioningTag] !== 'run-nsgracer'), 'resources of the run are left');
    });

    const lostResponses = [
        { what: 'NSG', path: /networkSecurityGroups\/lost-nsg$/, label: 'network security group lost-nsg', plan: { resourceGroup: group, createResourceGroup: false } },
        { what: 'resource group', path: /resourcegroups\/lost-rg$/, label: 'resource group lost-rg', plan: {} },
    ];
    for (const lost of lostResponses) {
        scenario({ area: 'Security', kind: 'emulator', name: `Lost response: the ${lost.what} was written, the answer never arrived`, fault: `The ${lost.what} PUT is applied, then the connection drops before the response`, expected: `The rollback finds the ${lost.what} by the run's tag and deletes it: 0 orphaned resources, no key files` }, async () => {
            const baseline = world.inventory();
            const fault = world.emulator.faults.add({ method: 'PUT', path: lost.path, dropAfterWrite: true, once: true });
            const outcome = await world.create('lost', { plan: lost.plan });
            assert.equal(fault.hits, 1, 'the fault never acted');
            world.assertCleanFailure(outcome, baseline, /connection to Azure .* was cut off|aborted/i);
            assert.ok(!outcome.ok && outcome.rollback.deleted.includes(lost.label), `not found by its tag: deleted ${!outcome.ok && outcome.rollback.deleted.join(', ')}`);
        });
    }

    const retriedWrites = [
        { what: 'NSG', host: 'retried', path: /networkSecurityGroups\/retried-nsg$/, label: 'network security group retried-nsg', plan: { resourceGroup: group, createResourceGroup: false }, message: /The setup script failed/ },
        { what: 'new resource group', host: 'retriedrg', path: /resourcegroups\/retriedrg-rg$/, label: 'resource group retriedrg-rg', plan: {}, message: /The setup script failed/ },
        { what: 'VM', host: 'retriedvm', path: /virtualMachines\/retriedvm$/, label: 'virtual machine retriedvm', plan: { resourceGroup: group, createResourceGroup: false }, message: /answer to creating the virtual machine retriedvm was lost/ },
    ];
    for (const retried of retriedWrites) {
        scenario({ area: 'Security', kind: 'emulator', name: `Lost response, retried: the SDK's retry of the ${retried.what} PUT meets the run's own write`, fault: `The ${retried.what} PUT is applied, then the connection is reset before the status line; the SDK retries it (200, or 412 for the VM's If-None-Match); then the run fails`, expected: `The run recognises its own write by the run's tag (never "appeared … not created by this run"), and the rollback deletes it: 0 orphaned resources, no key files` }, async () => {
            const baseline = world.inventory();
            const fault = world.emulator.faults.add({ method: 'PUT', path: retried.path, dropAfterWrite: 'before-response', once: true });
            world.emulator.faults.add({ method: 'PUT', path: /extensions\/[^/]+$/, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
            const from = world.emulator.requestLog.length;
            const outcome = await world.create(retried.host, { plan: retried.plan });
            assert.equal(fault.hits, 1, 'the fault never acted');
            assert.equal(world.emulator.requestLog.slice(from).filter((e) => e.method === 'PUT' && retried.path.test(e.path)).length, 2, 'the SDK did not retry the PUT');
            assert.doesNotMatch(String(!outcome.ok && (outcome.error as Error).message), /appeared|not created by this run/);
            world.assertCleanFailure(outcome, baseline, retried.message);
            assert.ok(!outcome.ok && outcome.rollback.deleted.includes(retried.label), `the run's own ${retried.what} was not deleted: deleted ${!outcome.ok && outcome.rollback.deleted.join(', ')}`);
            assert.ok(world.emulator.inventory().every((i) => i.tags[provisioningTag] !== `run-${retried.host}`), 'resources tagged with the run are left');
        });
    }

    scenario({ area: 'Security', kind: 'emulator', name: 'Rollback deletes only what still carries the run\'s tag', fault: 'During the run someone re-tags the new public IP as theirs; then the setup extension fails', expected: 'Everything else of the run is deleted; the re-tagged IP is left, and the message says why' }, async () => {
        const c = await world.clients();
        world.emulator.faults.add({ method: 'PUT', path: /extensions\/[^/]+$/, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        let retag: Promise<unknown> | undefined;
        const outcome = await world.create('retag', {
            plan: { resourceGroup: group, createResourceGroup: false },
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'virtualMachineExtension') {
                    retag = c.network.publicIPAddresses.get(group, 'retag-ip').then((ip) =>
                        c.network.publicIPAddresses.createOrUpdate(group, 'retag-ip', { ...ip, tags: { ...theirTags, [provisioningTag]: 'their-run' } }, lro));
                }
            },
        });
        await retag;
        assert.equal(outcome.ok, false);
        assert.ok(!outcome.ok);
        assert.deepEqual(outcome.rollback.failedToDelete.map((f) => f.label), ['public IP address retag-ip']);
        assert.match(String(outcome.rollback.failedToDelete[0].error), /does not carry this run's tag/);
        const ip = world.emulator.state.get(`${rgId(world.subscription.subscriptionId, group)}/providers/Microsoft.Network/publicIPAddresses/retag-ip`);
        assert.equal(ip?.tags[provisioningTag], 'their-run');
        assert.ok(world.emulator.inventory().every((i) => i.tags[provisioningTag] !== 'run-retag'), 'resources tagged with the run are left');
    });
});

async function makeTheirVm(c: ArmClients, name: string, nicId: string): Promise<void> {
    await c.compute.virtualMachines.createOrUpdate(group, name, {
        location,
        tags: theirTags,
        hardwareProfile: { vmSize: 'Standard_B1s' },
        storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }, osDisk: { name: `${name}_osdisk_theirs`, createOption: 'FromImage' } },
        osProfile: { computerName: name, adminUsername: 'theirs', linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/theirs/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5dGVz theirs' }] } } },
        networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
    }, lro);
}
