import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { listDockerHosts } from '../../src/azure/discovery';
import { configureEngine } from '../../src/azure/lifecycle/configureEngine';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { changePowerState } from '../../src/azure/lifecycle/vmPower';
import { waitForEngine, type EngineEndpoint } from '../../src/docker/enginePing';
import type { EngineSettings } from '../../src/hostSetup/engineConfigScript';
import type { DockerHost } from '../../src/host/dockerHost';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Configure Engine: log rotation and live-restore in the VM\'s daemon.json, the rest kept, the containers back', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let host: DockerHost;
    let engine: EngineEndpoint;
    let containerId: string;

    before(async () => {
        world = await startCreateWorld();
        const outcome = await createDockerHost({ plan: world.plan('cfg1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
        host = (await listDockerHosts(deps.clients)).find((h) => h.name === 'cfg1')!;
        engine = { address: outcome.host.address.ipAddress, port: 2376, tls: await readClientMaterial(outcome.dir) };
        // The emulator restarts a VM's whole engine for each extension run (its dockerd and containerd
        // share the sandbox's pid namespace), so a container comes back by its restart policy there;
        // on a VM, live-restore keeps it running (the script reloads it on before restarting).
        const container = await docker().createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '100000'], HostConfig: { NetworkMode: 'none', RestartPolicy: { Name: 'unless-stopped' } } });
        await container.start();
        containerId = container.id;
    });
    after(() => world?.stop());

    const docker = () => world.engines.engine(host.id)!.socketClient();
    const daemonJson = () => JSON.parse(world.engines.vm(host.id)!.disk.read('/etc/docker/daemon.json') ?? 'null') as Record<string, unknown>;
    const configure = (settings: EngineSettings, swarmActive = false) => configureEngine({ deps, host, settings, current: { swarmActive } });
    const containerRuns = async () => assert.equal((await docker().getContainer(containerId).inspect()).State.Running, true, 'the container did not come back');

    it('a new host has rotating logs and live-restore on', () => {
        const config = daemonJson();
        assert.equal(config['log-driver'], 'local');
        assert.deepEqual(config['log-opts'], { 'max-size': '20m', 'max-file': '5' });
        assert.equal(config['live-restore'], true);
    });

    it('json-file with 10m×3: daemon.json has it and keeps the TLS keys, the engine runs it, and the container runs again', async () => {
        await configure({ logs: { driver: 'json-file', maxSize: '10m', maxFile: 3 } });
        const config = daemonJson();
        assert.equal(config['log-driver'], 'json-file');
        assert.deepEqual(config['log-opts'], { 'max-size': '10m', 'max-file': '3' });
        assert.equal(config.tlsverify, true);
        assert.equal(config.tlscacert, '/etc/docker/ca.pem');
        assert.equal(config['live-restore'], true);
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
        assert.equal((await docker().info() as { LoggingDriver: string }).LoggingDriver, 'json-file');
        await containerRuns();
    });

    it('live-restore off: only that key changes', async () => {
        const before = daemonJson();
        await configure({ liveRestore: false });
        assert.deepEqual(daemonJson(), { ...before, 'live-restore': false });
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
        assert.equal((await docker().info() as { LiveRestoreEnabled: boolean }).LiveRestoreEnabled, false);
    });

    it('live-restore on a swarm node is refused before anything is sent', async () => {
        const before = daemonJson();
        const puts = () => world.emulator.requestLog.filter((r) => r.method === 'PUT' && /\/extensions\//i.test(r.path)).length;
        const sent = puts();
        await assert.rejects(configure({ liveRestore: true }, true), /refuses live-restore on a swarm node.*Nothing was changed/s);
        assert.equal(puts(), sent);
        assert.deepEqual(daemonJson(), before);
    });

    it('a daemon.json that is not JSON: the error names it and the file is left as it was', async () => {
        const broken = '{"debug": true,';
        const vm = world.engines.vm(host.id)!;
        const good = vm.disk.read('/etc/docker/daemon.json')!;
        await world.engines.runAsRoot(host.id, ['sh', '-c', `printf '%s' '${broken}' >/etc/docker/daemon.json`]);
        try {
            await assert.rejects(configure({ liveRestore: true }), /failed: \/etc\/docker\/daemon\.json is not valid JSON \(.*\); fix or remove it on the VM, then try again.*The VM keeps its previous engine settings\./s);
            assert.equal(vm.disk.read('/etc/docker/daemon.json'), broken);
        } finally {
            await world.engines.runAsRoot(host.id, ['sh', '-c', `cat >/etc/docker/daemon.json <<'EOF'\n${good}EOF`]);
            await changePowerState(deps, host.id, 'restart');
        }
        await waitForEngine(engine, { overallTimeoutMs: 30_000 });
    });

    it('bad sizes are refused before anything is sent', async () => {
        await assert.rejects(configure({ logs: { driver: 'local', maxSize: '10 MB; reboot', maxFile: 3 } }), /A log file size like 20m/);
        await assert.rejects(configure({ logs: { driver: 'local', maxSize: '10m', maxFile: 0 } }), /file count from 1 to 100/);
    });
});
