import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { changePowerState, readPowerState, type TransitionalState } from '../../src/azure/lifecycle/vmPower';
import { pingEngine, waitForEngine, type EngineEndpoint } from '../../src/docker/enginePing';
import { readClientMaterial } from '../../src/tls/storage';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Host lifecycle: Start, Stop (deallocate) and Restart against the emulator', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let vmId: string;
    let engine: EngineEndpoint;

    before(async () => {
        world = await startCreateWorld();
        const outcome = await createDockerHost({ plan: world.plan('pwr1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        vmId = outcome.host.vmId;
        engine = { address: outcome.host.address.ipAddress, port: 2376, tls: await readClientMaterial(outcome.dir) };
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
    });
    after(() => world?.stop());

    const emulatorPowerState = () => world.emulator.state.get(vmId)?.powerState;

    it('Stop deallocates: reports "deallocating", returns deallocated from the instance view, and the engine refuses connections', async () => {
        const states: TransitionalState[] = [];
        const final = await changePowerState(deps, vmId, 'deallocate', { onState: (s) => states.push(s) });
        assert.deepEqual(states, ['deallocating']);
        assert.equal(final, 'deallocated');
        assert.equal(emulatorPowerState(), 'deallocated');
        assert.equal(await readPowerState(deps, vmId), 'deallocated');
        await assert.rejects(pingEngine(engine, 3000), /ECONNREFUSED/);
    });

    it('Start reports "starting", returns running, and the engine answers /_ping again with the saved certificates', async () => {
        const states: TransitionalState[] = [];
        const final = await changePowerState(deps, vmId, 'start', { onState: (s) => states.push(s) });
        assert.deepEqual(states, ['starting']);
        assert.equal(final, 'running');
        assert.equal(emulatorPowerState(), 'running');
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
    });

    it('Restart reports "restarting", returns running, and the engine answers afterwards', async () => {
        const states: TransitionalState[] = [];
        assert.equal(await changePowerState(deps, vmId, 'restart', { onState: (s) => states.push(s) }), 'running');
        assert.deepEqual(states, ['restarting']);
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
    });

    it('a refused action names the cause, and the emulator state is unchanged', async () => {
        await changePowerState(deps, vmId, 'deallocate');
        const states: TransitionalState[] = [];
        await assert.rejects(changePowerState(deps, vmId, 'restart', { onState: (s) => states.push(s) }), (error: Error) => {
            assert.match(error.message, /restarting VM pwr1/);
            assert.match(error.message, /deallocated/);
            assert.match(error.message, /can only be started/, 'the message says what to do');
            return true;
        });
        assert.deepEqual(states, [], 'no transitional state for an action Azure refused');
        assert.equal(emulatorPowerState(), 'deallocated');
        assert.equal(await changePowerState(deps, vmId, 'start'), 'running');
    });

    it('a VM that does not exist is reported as not found', async () => {
        await assert.rejects(changePowerState(deps, vmId.replace(/pwr1$/, 'nosuchvm'), 'start'), /Not found while starting VM nosuchvm/);
    });
});
