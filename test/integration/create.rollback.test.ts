import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost, type CreateOutcome } from '../../src/azure/create/createDockerHost';
import { createHostGraph, type CreateHostDeps } from '../../src/azure/create/createHostGraph';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { startCreateWorld, type CreateWorld } from './createWorld';
import type { FaultSpec } from '../emulator/server';

/** One fault per execute node that talks to Azure or the engine; each must leave nothing behind. */
const faults: { node: string; fault: FaultSpec; cause: RegExp }[] = [
    { node: 'resourceGroup', fault: { method: 'PUT', path: '/resourcegroups/[^/]+$', armError: { status: 409, code: 'OperationNotAllowed', message: 'Operation results in exceeding quota limits of Core. Maximum allowed: 4, Current in use: 4, Additional requested: 2.' } }, cause: /quota/i },
    { node: 'virtualNetwork', fault: { method: 'PUT', path: '/virtualNetworks/[^/]+$', lroFailed: { code: 'InternalServerError', message: 'The virtual network could not be created.' } }, cause: /virtual network could not be created/ },
    { node: 'networkSecurityGroup', fault: { method: 'PUT', path: '/networkSecurityGroups/[^/]+$', lroFailed: { code: 'InternalServerError', message: 'The NSG could not be created.' } }, cause: /NSG could not be created/ },
    { node: 'publicIPAddress', fault: { method: 'PUT', path: '/publicIPAddresses/[^/]+$', armError: { status: 400, code: 'DnsRecordInUse', message: 'DNS record rb.eastus.cloudapp.azure.com is already used by another public IP.' } }, cause: /already used by another public IP/ },
    { node: 'networkInterface', fault: { method: 'PUT', path: '/networkInterfaces/[^/]+$', lroFailed: { code: 'InternalServerError', message: 'The NIC could not be created.' } }, cause: /NIC could not be created/ },
    { node: 'virtualMachine', fault: { method: 'PUT', path: '/virtualMachines/[^/]+$', armError: { status: 409, code: 'SkuNotAvailable', message: "The requested size for resource 'x' is currently not available in location 'eastus'." } }, cause: /not available in location/ },
    { node: 'virtualMachineExtension', fault: { method: 'PUT', path: '/extensions/[^/]+$', lroFailed: { code: 'VMExtensionProvisioningError', message: 'VM has reported a failure when processing extension docker-tls-setup.' } }, cause: /failure when processing extension/ },
];

describe('Create Docker Host rolls back everything it created', function () {
    this.timeout(120_000);
    let world: CreateWorld;
    let enginesOn = true;
    let baseline: string[];

    before(async () => {
        world = await startCreateWorld({ startEngines: () => enginesOn });
        baseline = world.emulator.inventory().map((i) => i.id).sort();
    });
    afterEach(() => {
        world.emulator.faults.clear();
        enginesOn = true;
    });
    after(() => world?.stop());

    function assertNothingLeft(outcome: CreateOutcome): void {
        assert.equal(outcome.ok, false);
        assert.deepEqual(world.emulator.inventory().map((i) => i.id).sort(), baseline, 'resources were left in Azure');
        assert.equal(existsSync(outcome.dir), false, 'local TLS material was left behind');
        if (!outcome.ok) {
            assert.deepEqual(outcome.rollback.failedToDelete, []);
        }
    }

    const run = (name: string, extra: { signal?: AbortSignal; onEvent?: Parameters<typeof createDockerHost>[0]['onEvent']; engineTimeoutMs?: number } = {}) =>
        createDockerHost({ plan: world.plan(name), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: extra.engineTimeoutMs ?? 60_000, pollIntervalMs: 10, signal: extra.signal, onEvent: extra.onEvent });

    for (const { node, fault, cause } of faults) {
        it(`a fault at ${node} leaves 0 resources and no key files, and names the cause`, async () => {
            world.emulator.faults.add(fault);
            const outcome = await run(`rb-${node.toLowerCase()}`);
            assertNothingLeft(outcome);
            assert.ok(!outcome.ok && !outcome.cancelled);
            assert.match(String((outcome as { error: Error }).error?.message), cause);
        });
    }

    it('an engine that never answers times out with what was tried, and leaves nothing', async () => {
        enginesOn = false;
        const started = Date.now();
        const outcome = await run('rb-engine', { engineTimeoutMs: 3000 });
        assert.ok(Date.now() - started >= 3000, 'it gave up before its timeout');
        assertNothingLeft(outcome);
        assert.match(String((outcome as { error: Error }).error?.message), /did not answer a TLS \/_ping within 3 s \(\d+ tries; last error: .*ECONNREFUSED/);
    });

    it('in an existing resource group, deletes exactly what it created and keeps the group', async () => {
        const clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        await clients.resources.resourceGroups.createOrUpdate('shared-rg', { location: 'eastus', tags: { team: 'infra' } });
        const before = world.emulator.inventory().map((i) => i.id).sort();
        world.emulator.faults.add({ method: 'PUT', path: '/extensions/[^/]+$', lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        const deleted: string[] = [];
        const outcome = await createDockerHost({
            plan: world.plan('rb-shared', { resourceGroup: 'shared-rg', createResourceGroup: false }),
            cloud: world.cloud,
            credential: world.subscription.credential,
            storageRoot: world.storageRoot,
            engineTimeoutMs: 60_000,
            pollIntervalMs: 10,
            onEvent: (e) => e.type === 'rollbackEnd' && deleted.push(e.nodeId),
        });
        assert.equal(outcome.ok, false);
        assert.deepEqual(world.emulator.inventory().map((i) => i.id).sort(), before);
        // The VM goes before its NIC, and the NIC before what it references.
        assert.ok(deleted.indexOf('virtualMachine') < deleted.indexOf('networkInterface'), deleted.join());
        for (const dependency of ['virtualNetwork', 'networkSecurityGroup', 'publicIPAddress']) {
            assert.ok(deleted.indexOf('networkInterface') < deleted.indexOf(dependency), deleted.join());
        }
        await clients.resources.resourceGroups.delete('shared-rg', { updateIntervalInMs: 10 });
    });

    // Every node of the real graph, so a node added later is covered too.
    const nodeIds = createHostGraph({ name: 'x', resourceGroup: 'x', subscriptionId: 'x' } as CreateHostPlan, { clients: {} } as CreateHostDeps).map((n) => n.id);
    for (const node of nodeIds) {
        it(`cancel while ${node} runs leaves 0 resources and no key files`, async () => {
            const abort = new AbortController();
            const outcome = await run(`cx-${node.toLowerCase()}`, {
                signal: abort.signal,
                onEvent: (e) => {
                    if (e.type === 'start' && e.nodeId === node) {
                        abort.abort(new Error('Cancelled by the user.'));
                    }
                },
            });
            assertNothingLeft(outcome);
            assert.ok(!outcome.ok && outcome.cancelled, 'the outcome is not marked cancelled');
        });
    }
});
