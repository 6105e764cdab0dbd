import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { deleteHost, type DeleteProgress } from '../../src/azure/lifecycle/deleteHost';
import { listHostResources, type HostResourceKind } from '../../src/azure/lifecycle/hostResources';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { contextExists, writeDockerContext } from '../../src/docker/cliContexts';
import { readClientMaterial } from '../../src/tls/storage';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Delete a Docker host: its resources in order, then its local files', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let dockerConfigDir: string;

    before(async () => {
        world = await startCreateWorld();
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
        dockerConfigDir = mkdtempSync(join(tmpdir(), 'adh-delete-docker-'));
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    const ids = () => world.emulator.inventory().map((i) => i.id.toLowerCase()).sort();

    async function create(name: string, overrides: Parameters<CreateWorld['plan']>[1] = {}) {
        const outcome = await createDockerHost({ plan: world.plan(name, overrides), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        await writeDockerContext({ name: `azure-${name}`, host: `tcp://${outcome.host.address.ipAddress}:2376`, tls: await readClientMaterial(outcome.dir), vmId: outcome.host.vmId }, { configDir: dockerConfigDir });
        return outcome;
    }

    it('lists what create made, then deleting the resource group leaves 0 resources and no local files', async () => {
        const baseline = ids();
        const outcome = await create('del1');
        const listed = await listHostResources(deps, outcome.host.vmId, { hostDir: outcome.dir });
        assert.equal(listed.provisioningId, 'run-del1');
        const kinds: HostResourceKind[] = ['virtualMachine', 'osDisk', 'networkInterface', 'publicIPAddress', 'networkSecurityGroup', 'virtualNetwork', 'resourceGroup'];
        assert.deepEqual(listed.resources.map((r) => r.kind), kinds);
        assert.deepEqual(listed.resources.map((r) => r.name), ['del1', 'del1-osdisk', 'del1-nic', 'del1-ip', 'del1-nsg', 'del1-vnet', 'del1-rg']);
        assert.ok(listed.resources.every((r) => r.createdByExtension));
        assert.deepEqual(listed.resources.find((r) => r.kind === 'resourceGroup')?.alsoContains, []);
        assert.equal(listed.resources.find((r) => r.kind === 'networkInterface')?.deletedWithVm, true);

        const events: DeleteProgress[] = [];
        const report = await deleteHost({ deps, vmId: outcome.host.vmId, selection: listed.resources, hostDir: outcome.dir, dockerConfigDir, onProgress: (e) => events.push(e) });
        assert.deepEqual(report.failed, []);
        assert.equal(report.deleted.length, kinds.length);
        // Only the group is deleted: everything else goes with it.
        assert.deepEqual(events.map((e) => `${e.phase} ${e.resource.kind}`), ['start resourceGroup', 'end resourceGroup']);
        assert.deepEqual(ids(), baseline, 'resources were left in Azure');
        assert.equal(report.localFilesRemoved, true);
        assert.equal(existsSync(outcome.dir), false, 'the TLS folder was left');
        assert.deepEqual(report.contextsRemoved, ['azure-del1']);
        assert.equal(await contextExists('azure-del1', dockerConfigDir), false);
        assert.equal(world.engines.engine(outcome.host.vmId), undefined, 'the VM\'s engine still runs');
    });

    it('in an existing resource group, deletes each resource after those that use it, and keeps the group', async () => {
        await deps.clients.resources.resourceGroups.createOrUpdate('keep-rg', { location: 'eastus' });
        const baseline = ids();
        const outcome = await create('del2', { resourceGroup: 'keep-rg', createResourceGroup: false });
        const listed = await listHostResources(deps, outcome.host.vmId, { hostDir: outcome.dir });
        assert.ok(!listed.resources.some((r) => r.kind === 'resourceGroup'), 'a group this run did not create is never offered');
        const since = world.emulator.requestLog.length;
        const report = await deleteHost({ deps, vmId: outcome.host.vmId, selection: listed.resources, hostDir: outcome.dir, dockerConfigDir });
        assert.deepEqual(report.failed, []);
        assert.deepEqual(ids(), baseline);
        assert.equal(report.localFilesRemoved, true);
        assert.equal(existsSync(outcome.dir), false);

        // When did each delete arrive, and when was it done (its operation's end, or the answer itself)?
        const deletes = world.emulator.requestLog.slice(since).filter((e) => e.method === 'DELETE');
        const arrived = (name: string) => deletes.find((e) => e.path.endsWith(`/${name}`))!.at.getTime();
        const done = (name: string) => {
            const op = world.emulator.operations.all().find((o) => o.description.startsWith('DELETE ') && o.description.endsWith(`/${name}`));
            return op?.endTime?.getTime() ?? arrived(name);
        };
        for (const [first, then] of [['del2', 'del2-nic'], ['del2', 'del2-osdisk'], ['del2-nic', 'del2-ip'], ['del2-nic', 'del2-nsg'], ['del2-nic', 'del2-vnet']]) {
            assert.ok(done(first) <= arrived(then), `${then} was deleted before ${first} was gone`);
        }
    });

    it('a fault on one delete is reported with its cause, and the others are still deleted', async () => {
        const outcome = await create('del3');
        const listed = await listHostResources(deps, outcome.host.vmId, { hostDir: outcome.dir });
        const selection = listed.resources.filter((r) => r.kind !== 'resourceGroup');
        world.emulator.faults.add({ method: 'DELETE', path: '/publicIPAddresses/del3-ip$', lroFailed: { code: 'InternalServerError', message: 'The public IP address could not be deleted.' } });
        const report = await deleteHost({ deps, vmId: outcome.host.vmId, selection, hostDir: outcome.dir, dockerConfigDir });
        assert.deepEqual(report.failed.map((f) => f.resource.name), ['del3-ip']);
        assert.match(report.failed[0].error.message, /deleting public IP address del3-ip: .*The public IP address could not be deleted\..*Try Delete again/);
        assert.deepEqual(report.deleted.map((r) => r.name).sort(), ['del3', 'del3-nic', 'del3-nsg', 'del3-osdisk', 'del3-vnet']);
        const left = world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/del3-rg')).map((i) => i.id.split('/').pop());
        assert.deepEqual(left.sort(), ['del3-ip', 'del3-rg']);
        assert.equal(report.localFilesRemoved, true, 'the VM is gone, so its certificates are of no use');
        await deps.clients.resources.resourceGroups.delete('del3-rg', { updateIntervalInMs: 10 });
    });

    it('keeps the local files while the VM still exists (its delete failed), and the dependents report why', async () => {
        const outcome = await create('del4');
        const listed = await listHostResources(deps, outcome.host.vmId, { hostDir: outcome.dir });
        world.emulator.faults.add({ method: 'DELETE', path: '/virtualMachines/del4$', armError: { status: 409, code: 'OperationNotAllowed', message: 'The VM is locked.' } });
        const report = await deleteHost({ deps, vmId: outcome.host.vmId, selection: listed.resources.filter((r) => r.kind !== 'resourceGroup'), hostDir: outcome.dir, dockerConfigDir });
        const failed = report.failed.map((f) => f.resource.name);
        assert.ok(failed.includes('del4') && failed.includes('del4-nic') && failed.includes('del4-osdisk'), failed.join());
        assert.match(report.failed.find((f) => f.resource.name === 'del4-nic')!.error.message, /in use|used by/i);
        assert.equal(report.localFilesRemoved, false);
        assert.match(report.localFilesKept ?? '', /VM del4 still exists/);
        assert.ok(existsSync(join(outcome.dir, 'key.pem')));
        assert.equal(await contextExists('azure-del4', dockerConfigDir), true);
        world.emulator.faults.clear();
        const again = await deleteHost({ deps, vmId: outcome.host.vmId, selection: (await listHostResources(deps, outcome.host.vmId, { hostDir: outcome.dir })).resources, hostDir: outcome.dir, dockerConfigDir });
        assert.deepEqual(again.failed, []);
        assert.equal(again.localFilesRemoved, true);
    });
});
