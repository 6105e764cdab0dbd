import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { listDockerHosts } from '../../src/azure/discovery';
import type { DockerHost } from '../../src/host/dockerHost';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { rotateCertificates, type RotateStep } from '../../src/azure/lifecycle/rotateCertificates';
import { changePowerState } from '../../src/azure/lifecycle/vmPower';
import { contextPaths, writeDockerContext } from '../../src/docker/cliContexts';
import { pingEngine, waitForEngine } from '../../src/docker/enginePing';
import { rotationStagingDir } from '../../src/tls/hostMaterial';
import { readClientMaterial, type ClientMaterial } from '../../src/tls/storage';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Rotate TLS certificates of a host', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let host: DockerHost;
    let dir: string;
    let dockerConfigDir: string;
    let enginesOn = true;

    before(async () => {
        world = await startCreateWorld({ startEngines: () => enginesOn });
        const outcome = await createDockerHost({ plan: world.plan('rot1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        dir = outcome.dir;
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
        host = (await listDockerHosts(deps.clients)).find((h) => h.name === 'rot1')!;
        dockerConfigDir = mkdtempSync(join(tmpdir(), 'adh-rotate-docker-'));
        await writeDockerContext({ name: 'azure-rot1', host: `tcp://${host.publicIp}:2376`, tls: await readClientMaterial(dir), vmId: host.id }, { configDir: dockerConfigDir });
    });
    afterEach(() => {
        world.emulator.faults.clear();
        enginesOn = true;
    });
    after(() => world?.stop());

    const accepts = (tls: ClientMaterial) => pingEngine({ address: host.publicIp!, port: 2376, tls }, 5000).then(() => true, () => false);
    const rotate = (extra: { engineTimeoutMs?: number; onStep?: (s: RotateStep) => void } = {}) =>
        rotateCertificates({ deps, host, hostDir: dir, engineTimeoutMs: extra.engineTimeoutMs ?? 30_000, dockerConfigDir, onStep: extra.onStep });

    it('after rotation the engine refuses the old client certificate and accepts the new one', async () => {
        const old = await readClientMaterial(dir);
        assert.equal(await accepts(old), true);
        const steps: RotateStep[] = [];
        const outcome = await rotate({ onStep: (s) => steps.push(s) });
        assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
        assert.deepEqual(steps, ['certificates', 'extension', 'engine', 'saving']);
        const fresh = await readClientMaterial(dir);
        assert.notEqual(fresh.cert, old.cert);
        assert.notEqual(fresh.ca, old.ca);
        assert.equal(await accepts(old), false, 'the old client certificate still works');
        assert.equal(await accepts({ ...old, ca: fresh.ca }), false, 'the old client certificate is accepted by the new engine');
        assert.equal(await accepts(fresh), true);
        assert.equal(existsSync(rotationStagingDir(dir)), false);
    });

    it('re-ran the same setup extension with a new forceUpdateTag, and updated the host\'s docker context', async () => {
        const extension = world.emulator.state.get(`${host.id}/extensions/docker-tls-setup`);
        assert.equal(extension?.properties.type, 'CustomScript');
        assert.match(String(extension?.properties.forceUpdateTag), /^[0-9a-f-]{36}$/);
        const fresh = await readClientMaterial(dir);
        const paths = contextPaths('azure-rot1', dockerConfigDir);
        assert.equal(readFileSync(join(paths.endpointTlsDir, 'cert.pem'), 'utf8'), fresh.cert);
        assert.equal(readFileSync(join(paths.endpointTlsDir, 'ca.pem'), 'utf8'), fresh.ca);
    });

    it('a failed extension leaves the old certificates in place and working, and says so', async () => {
        const before = await readClientMaterial(dir);
        world.emulator.faults.add({ method: 'PUT', path: '/extensions/docker-tls-setup$', lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        const outcome = await rotate();
        assert.equal(outcome.ok, false);
        assert.ok(!outcome.ok);
        assert.equal(outcome.oldCertificatesWork, true);
        assert.match(outcome.message, /The setup script failed/);
        assert.match(outcome.message, /old certificates still work/);
        assert.deepEqual(await readClientMaterial(dir), before);
        assert.equal(existsSync(rotationStagingDir(dir)), false);
        assert.equal(await accepts(before), true);
    });

    it('refuses to start on a deallocated VM, naming the fix, and changes nothing', async () => {
        const before = await readClientMaterial(dir);
        await changePowerState(deps, host.id, 'deallocate');
        try {
            await assert.rejects(rotate(), /rot1 is deallocated.*Start the VM, then rotate again/);
            assert.deepEqual(await readClientMaterial(dir), before);
        } finally {
            await changePowerState(deps, host.id, 'start');
            await waitForEngine({ address: host.publicIp!, port: 2376, tls: before }, { overallTimeoutMs: 30_000 });
        }
    });

    it('when the engine accepts neither, keeps the old files in place and the new ones aside, and says where', async () => {
        const before = await readClientMaterial(dir);
        const engine = world.engines.engine(host.id)!;
        await engine.kill();
        enginesOn = false; // the extension "runs" but no engine comes up
        try {
            const outcome = await rotate({ engineTimeoutMs: 2000 });
            assert.ok(!outcome.ok);
            assert.equal(outcome.oldCertificatesWork, false);
            assert.equal(outcome.pendingDir, rotationStagingDir(dir));
            assert.match(outcome.message, /accepts neither the old nor the new certificates/);
            assert.deepEqual(await readClientMaterial(dir), before);
            assert.notEqual((await readClientMaterial(rotationStagingDir(dir))).cert, before.cert);
        } finally {
            await engine.restart();
        }
        assert.equal(await accepts(before), true);
    });
});
