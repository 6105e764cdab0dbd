import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { listResizeChoices, resizeVm, type ResizeStep } from '../../src/azure/lifecycle/resizeVm';
import { readPowerState } from '../../src/azure/lifecycle/vmPower';
import { waitForEngine, type EngineEndpoint } from '../../src/docker/enginePing';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Resize: the region\'s sizes from resource SKUs, deallocating only when the hardware needs it, with the containers back', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let vmId: string;
    let engine: EngineEndpoint;
    let containerId: string;

    before(async () => {
        world = await startCreateWorld();
        // A size this subscription may not use in the region: listed with its reason, never offered.
        world.emulator.state.subscription(world.subscription.subscriptionId)!.skuRestrictions.push({ sku: 'Standard_D4s_v5', locations: ['eastus'], reasonCode: 'NotAvailableForSubscription' });
        const outcome = await createDockerHost({ plan: world.plan('rsz1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        vmId = outcome.host.vmId;
        engine = { address: outcome.host.address.ipAddress, port: 2376, tls: await readClientMaterial(outcome.dir) };
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
        const docker = world.engines.engine(vmId)!.socketClient();
        const container = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '100000'], HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } } });
        await container.start();
        containerId = container.id;
    });
    after(() => world?.stop());

    const containerRunning = async () => (await world.engines.engine(vmId)!.socketClient().getContainer(containerId).inspect()).State.Running;
    const emulatedSize = () => (world.emulator.state.get(vmId)!.properties.hardwareProfile as { vmSize: string }).vmSize;

    it('lists the other sizes of the region: the same family without deallocating, others after it, the restricted one with its reason', async () => {
        const choices = await listResizeChoices(deps, vmId);
        assert.equal(choices.currentSize, 'Standard_B2s');
        assert.equal(choices.running, true);
        const byName = new Map(choices.sizes.map((s) => [s.name, s]));
        assert.equal(byName.has('Standard_B2s'), false, 'the current size is offered');
        assert.equal(byName.get('Standard_B2ms')?.needsDeallocate, false);
        assert.equal(byName.get('Standard_D2s_v5')?.needsDeallocate, true);
        assert.equal(byName.get('Standard_D4s_v5')?.restriction, 'NotAvailableForSubscription');
        assert.deepEqual(choices.sizes.map((s) => s.vCpus), [...choices.sizes.map((s) => s.vCpus)].sort((a, b) => a - b), 'not smallest first');
    });

    it('a size of the same hardware: Azure restarts the VM in it, and the container runs again', async () => {
        const steps: ResizeStep[] = [];
        const option = (await listResizeChoices(deps, vmId)).sizes.find((s) => s.name === 'Standard_B2ms')!;
        assert.equal(await resizeVm(deps, vmId, option, { onStep: (s) => steps.push(s) }), 'Standard_B2ms');
        assert.deepEqual(steps, ['resizing']);
        assert.equal(emulatedSize(), 'Standard_B2ms');
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
        assert.equal(await containerRunning(), true, 'the container did not come back');
    });

    it('Azure refuses another family while the VM is allocated, which is why Resize deallocates first', async () => {
        const vm = await deps.clients.compute.virtualMachines.get('rsz1-rg', 'rsz1');
        await assert.rejects(deps.clients.compute.virtualMachines.createOrUpdate('rsz1-rg', 'rsz1', { ...vm, hardwareProfile: { vmSize: 'Standard_D2s_v5' } }), /not available in the current hardware cluster/);
        assert.equal(emulatedSize(), 'Standard_B2ms');
    });

    it('another family: deallocates, resizes, starts again, and the container runs again', async () => {
        const steps: ResizeStep[] = [];
        const option = (await listResizeChoices(deps, vmId)).sizes.find((s) => s.name === 'Standard_D2s_v5')!;
        assert.equal(await resizeVm(deps, vmId, option, { onStep: (s) => steps.push(s) }), 'Standard_D2s_v5');
        assert.deepEqual(steps, ['deallocating', 'resizing', 'starting']);
        assert.equal(await readPowerState(deps, vmId), 'running');
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
        assert.equal(await containerRunning(), true, 'the container did not come back');
    });

    it('a VM without the extension\'s tag (set up by the retired Docker extension, say) is not resized', async () => {
        const record = world.emulator.state.get(vmId)!;
        const saved = { ...record.tags };
        delete record.tags['azure-docker-hosts:managed'];
        try {
            const option = (await listResizeChoices(deps, vmId)).sizes.find((s) => s.name === 'Standard_D2as_v5')!;
            await assert.rejects(resizeVm(deps, vmId, option), /not created or set up by this extension.*Azure portal/s);
            assert.equal(emulatedSize(), 'Standard_D2s_v5');
            assert.equal(await readPowerState(deps, vmId), 'running');
        } finally {
            record.tags = saved;
        }
    });

    it('a restricted size is refused with its reason before anything changes', async () => {
        const option = (await listResizeChoices(deps, vmId)).sizes.find((s) => s.name === 'Standard_D4s_v5')!;
        await assert.rejects(resizeVm(deps, vmId, option), /not available to this subscription in this region \(NotAvailableForSubscription\)/);
        assert.equal(emulatedSize(), 'Standard_D2s_v5');
        assert.equal(await readPowerState(deps, vmId), 'running');
    });
});
