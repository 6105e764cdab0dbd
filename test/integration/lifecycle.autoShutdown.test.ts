import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { readAutoShutdown, removeAutoShutdown, scheduleApiVersion, scheduleBody, setAutoShutdown, shutdownScheduleId } from '../../src/azure/autoShutdown/schedule';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { deleteHost } from '../../src/azure/lifecycle/deleteHost';
import { listHostResources } from '../../src/azure/lifecycle/hostResources';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { changePowerState, readPowerState } from '../../src/azure/lifecycle/vmPower';
import { pingEngine, waitForEngine, type EngineEndpoint } from '../../src/docker/enginePing';
import { readClientMaterial } from '../../src/tls/storage';
import { ManualClock } from '../emulator/clock';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Auto-shutdown: the DevTest Labs schedule of a host, fired by the emulator\'s clock against a real engine', function () {
    this.timeout(180_000);
    // 17:00 UTC is 18:00 in Berlin (CET) on this date.
    const clock = new ManualClock(Date.parse('2026-12-01T17:00:00Z'));
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let vmId: string;
    let hostDir: string;
    let engine: EngineEndpoint;
    const berlin7pm = { time: '1900', timeZoneId: 'W. Europe Standard Time' };

    before(async () => {
        world = await startCreateWorld({ clock });
        // As advanced mode's create makes it: 22:00 UTC, changed below.
        const outcome = await createDockerHost({ plan: world.plan('asd1', { autoShutdown: { time: '2200', timeZoneId: 'UTC' } }), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        vmId = outcome.host.vmId;
        hostDir = outcome.dir;
        engine = { address: outcome.host.address.ipAddress, port: 2376, tls: await readClientMaterial(outcome.dir) };
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
    });
    after(() => world?.stop());

    const stored = () => world.emulator.state.get(shutdownScheduleId(vmId));

    it('a create with auto-shutdown makes shutdown-computevm-<vm>; Set changes its time and zone, keeping the target and the extension\'s tags', async () => {
        assert.deepEqual(await readAutoShutdown(deps, vmId), { id: shutdownScheduleId(vmId).replace('Microsoft.DevTestLab', 'microsoft.devtestlab'), time: '2200', timeZoneId: 'UTC', enabled: true, ownedByExtension: true });
        const saved = await setAutoShutdown(deps, vmId, berlin7pm);
        assert.deepEqual({ time: saved.time, zone: saved.timeZoneId, enabled: saved.enabled, owned: saved.ownedByExtension }, { time: '1900', zone: 'W. Europe Standard Time', enabled: true, owned: true });
        const record = stored();
        assert.ok(record, 'the emulator has no schedule');
        assert.equal(record.name, 'shutdown-computevm-asd1');
        assert.equal(record.properties.targetResourceId, vmId);
        assert.deepEqual(record.tags, { 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'run-asd1' });
        assert.deepEqual(await readAutoShutdown(deps, vmId), saved);
    });

    it('the VM keeps running before 19:00 Berlin time and is deallocated, its engine down, once the clock passes it', async () => {
        clock.set(new Date('2026-12-01T17:59:00Z'));
        assert.deepEqual(await world.emulator.runDueSchedules(), []);
        assert.equal(await readPowerState(deps, vmId), 'running');
        await pingEngine(engine, 5000);
        clock.set(new Date('2026-12-01T18:01:00Z'));
        assert.deepEqual(await world.emulator.runDueSchedules(), [vmId]);
        assert.equal(await readPowerState(deps, vmId), 'deallocated');
        await assert.rejects(pingEngine(engine, 3000), /ECONNREFUSED/);
    });

    it('bad input is refused before Azure is asked, and Azure\'s own checks refuse a schedule under another name; nothing changes', async () => {
        await assert.rejects(setAutoShutdown(deps, vmId, { time: '2500', timeZoneId: 'W. Europe Standard Time' }), /not one Azure accepts/);
        await assert.rejects(setAutoShutdown(deps, vmId, { time: '1800', timeZoneId: 'Mars Standard Time' }), /not one Azure accepts/);
        const vm = await deps.clients.compute.virtualMachines.get('asd1-rg', 'asd1');
        const wrongName = shutdownScheduleId(vmId).replace(/shutdown-computevm-asd1$/, 'nightly');
        await assert.rejects(deps.clients.resources.resources.createOrUpdateById(wrongName, scheduleApiVersion, scheduleBody({ id: vmId, location: vm.location }, berlin7pm)),
            /with name shutdown-computevm-asd1/);
        assert.equal((await readAutoShutdown(deps, vmId))?.time, '1900');
    });

    it('Turn Off deletes it: the next evening the started VM keeps running', async () => {
        await changePowerState(deps, vmId, 'start');
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
        assert.equal(await removeAutoShutdown(deps, vmId), true);
        assert.equal(stored(), undefined);
        assert.equal(await removeAutoShutdown(deps, vmId), false, 'a second Turn Off found a schedule');
        clock.set(new Date('2026-12-02T18:30:00Z'));
        assert.deepEqual(await world.emulator.runDueSchedules(), []);
        assert.equal(await readPowerState(deps, vmId), 'running');
    });

    it('a schedule the extension did not make is neither changed nor turned off, nor offered with Delete', async () => {
        const vm = await deps.clients.compute.virtualMachines.get('asd1-rg', 'asd1');
        const portalMade = { ...scheduleBody({ id: vmId, location: vm.location }, { time: '2200', timeZoneId: 'UTC' }), tags: {} };
        await deps.clients.resources.resources.createOrUpdateById(shutdownScheduleId(vmId), scheduleApiVersion, portalMade);
        await assert.rejects(setAutoShutdown(deps, vmId, berlin7pm), /did not make.*Azure portal/s);
        await assert.rejects(removeAutoShutdown(deps, vmId), /not made by this extension/);
        assert.equal((await readAutoShutdown(deps, vmId))?.time, '2200');
        const listed = await listHostResources(deps, vmId, { hostDir });
        assert.equal(listed.resources.some((r) => r.kind === 'autoShutdownSchedule'), false);
        await deps.clients.resources.resources.deleteById(shutdownScheduleId(vmId), scheduleApiVersion);
    });

    it('a create that fails after its schedule was made deletes the schedule with the rest, in an existing group', async () => {
        await deps.clients.resources.resourceGroups.createOrUpdate('asd-shared-rg', { location: 'eastus' });
        world.emulator.faults.add({ method: 'PUT', path: '/extensions/[^/]+$', lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        try {
            const outcome = await createDockerHost({
                plan: world.plan('asd3', { resourceGroup: 'asd-shared-rg', createResourceGroup: false, autoShutdown: berlin7pm }),
                cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
            });
            assert.ok(!outcome.ok && !outcome.cancelled);
            assert.deepEqual(outcome.rollback.failedToDelete, []);
            assert.ok(outcome.rollback.deleted.includes('auto-shutdown schedule shutdown-computevm-asd3'), `deleted: ${outcome.rollback.deleted.join(', ')}`);
        } finally {
            world.emulator.faults.clear();
        }
        assert.deepEqual(world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/asd-shared-rg/')).map((i) => i.id), []);
    });

    it('Delete removes the extension\'s schedule with the host, before the VM', async () => {
        await setAutoShutdown(deps, vmId, berlin7pm);
        const listed = await listHostResources(deps, vmId, { hostDir });
        assert.deepEqual(listed.resources.slice(0, 2).map((r) => r.kind), ['autoShutdownSchedule', 'virtualMachine']);
        const vmOnly = listed.resources.filter((r) => r.kind === 'autoShutdownSchedule' || r.kind === 'virtualMachine');
        const order: string[] = [];
        const report = await deleteHost({ deps, vmId, selection: vmOnly, hostDir, onProgress: (e) => order.push(`${e.phase} ${e.resource.kind}`) });
        assert.deepEqual(report.failed, []);
        assert.deepEqual(order.slice(0, 2), ['start autoShutdownSchedule', 'end autoShutdownSchedule']);
        assert.equal(stored(), undefined, 'the schedule outlived its host');
        assert.equal(world.emulator.state.get(vmId), undefined);
    });
});
