/**
 * Every container, image, volume and network action against a real dockerd over TLS. What the
 * engine did is read back through its unix socket (a second client), not from our return values.
 */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineClient } from '../../src/docker/engineClient';
import { EngineError } from '../../src/docker/describeEngineError';
import * as ops from '../../src/docker/operations';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';

const HOST = '127.0.3.1';

describe('docker operations against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client, truth } = await startRealEngine(HOST, 20_000));
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
    });

    async function sleeper(name: string, labels: Record<string, string> = {}): Promise<string> {
        const c = await truth.createContainer({ name, Image: TEST_IMAGE, Cmd: ['sleep', '1000'], Labels: labels, HostConfig: { NetworkMode: 'none' } });
        return c.id;
    }
    const stateOf = async (id: string) => (await truth.getContainer(id).inspect()).State;

    it('reads the engine version', async () => {
        const v = await ops.engineVersion(client);
        const real = await truth.version();
        assert.equal(v.version, real.Version);
        assert.equal(v.apiVersion, real.ApiVersion);
    });

    it('lists containers with labels, state, status, mounts, networks and compose project', async () => {
        await truth.createVolume({ Name: 'ops-data' });
        const created = await truth.createContainer({
            name: 'ops-web',
            Image: TEST_IMAGE,
            Cmd: ['sleep', '1000'],
            Labels: { 'com.docker.compose.project': 'shop', tier: 'front' },
            HostConfig: { NetworkMode: 'none', Binds: ['ops-data:/data'] },
        });
        await created.start();
        const stopped = await sleeper('ops-idle');
        const list = await ops.listContainers(client);
        const web = list.find((c) => c.id === created.id);
        const idle = list.find((c) => c.id === stopped);
        assert.ok(web && idle);
        assert.equal(web.name, 'ops-web');
        assert.equal(web.state, 'running');
        assert.match(web.status, /^Up /);
        assert.equal(web.composeProject, 'shop');
        assert.equal(web.labels.tier, 'front');
        assert.deepEqual(web.networks, ['none']);
        assert.deepEqual(web.mounts.map((m) => [m.type, m.name, m.destination]), [['volume', 'ops-data', '/data']]);
        assert.equal(web.image, TEST_IMAGE);
        assert.equal(idle.state, 'created');
        assert.equal(idle.composeProject, undefined);
        await truth.getContainer(created.id).remove({ force: true });
        await truth.getContainer(stopped).remove({ force: true });
        await truth.getVolume('ops-data').remove();
    });

    it('start, pause, unpause, restart, stop and remove change the engine state', async () => {
        const id = await sleeper('ops-life');
        await ops.startContainer(client, id);
        assert.equal((await stateOf(id)).Running, true);
        await ops.startContainer(client, id); // already running: success, not an error
        await ops.pauseContainer(client, id);
        assert.equal((await stateOf(id)).Paused, true);
        await ops.unpauseContainer(client, id);
        assert.equal((await stateOf(id)).Paused, false);
        const before = (await stateOf(id)).StartedAt;
        await ops.restartContainer(client, id, { graceSeconds: 0 });
        const restarted = await stateOf(id);
        assert.equal(restarted.Running, true);
        assert.notEqual(restarted.StartedAt, before);
        await ops.stopContainer(client, id, { graceSeconds: 1 });
        const stopped = await stateOf(id);
        assert.equal(stopped.Running, false);
        assert.equal(stopped.Status, 'exited');
        await ops.stopContainer(client, id, { graceSeconds: 1 }); // already stopped: success
        await ops.removeContainer(client, id);
        await assert.rejects(truth.getContainer(id).inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('remove refuses a running container without force, and removes it with force', async () => {
        const id = await sleeper('ops-forced');
        await truth.getContainer(id).start();
        await assert.rejects(ops.removeContainer(client, id), (e: unknown) => e instanceof EngineError && e.statusCode === 409 && e.kind === 'other' && !e.unreachable && /running/i.test(e.message));
        assert.equal((await stateOf(id)).Running, true);
        await ops.removeContainer(client, id, { force: true });
        await assert.rejects(truth.getContainer(id).inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('inspects a container', async () => {
        const id = await sleeper('ops-inspected', { note: 'x' });
        const info = await ops.inspectContainer(client, id);
        assert.equal(info.Id, id);
        assert.equal(info.Config.Labels.note, 'x');
        await truth.getContainer(id).remove({ force: true });
    });

    it('an action on a missing container fails with the engine message, not as unreachable', async () => {
        await assert.rejects(ops.startContainer(client, 'no-such-container'), (e: unknown) => e instanceof EngineError && e.statusCode === 404 && !e.unreachable && /no such container/i.test(e.message));
    });

    it('lists images with tags, size and age, hiding dangling ones unless asked', async () => {
        // A dangling image: tag a copy, then move the tag to another image.
        const base = await truth.getImage(TEST_IMAGE).inspect();
        const commit1 = await truth.getContainer((await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } })).id).commit({ repo: 'ops-dangle', tag: '1', changes: 'LABEL v=1' });
        const commit2 = await truth.getContainer((await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } })).id).commit({ repo: 'ops-dangle', tag: '1', changes: 'LABEL v=2' });
        const danglingId = (commit1 as { Id: string }).Id;
        assert.notEqual(danglingId, (commit2 as { Id: string }).Id);
        const visible = await ops.listImages(client);
        const all = await ops.listImages(client, { includeDangling: true });
        const testbox = visible.find((i) => i.id === base.Id);
        assert.ok(testbox);
        assert.deepEqual(testbox.repoTags, [TEST_IMAGE]);
        assert.equal(testbox.size, base.Size);
        assert.ok(testbox.created.getTime() <= Date.now());
        assert.equal(visible.some((i) => i.id === danglingId), false);
        const dangling = all.find((i) => i.id === danglingId);
        assert.ok(dangling && dangling.dangling && dangling.repoTags.length === 0);

        // Prune removes it (its container goes first: the image is in use).
        for (const c of await truth.listContainers({ all: true, filters: { ancestor: [danglingId] } })) {
            await truth.getContainer(c.Id).remove({ force: true });
        }
        const pruned = await ops.pruneDanglingImages(client);
        assert.ok(pruned.removed.some((r) => r === danglingId), JSON.stringify(pruned));
        await assert.rejects(truth.getImage(danglingId).inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
        assert.ok(await truth.getImage('ops-dangle:1').inspect());
    });

    it('inspects and removes an image', async () => {
        await truth.getImage(TEST_IMAGE).tag({ repo: 'ops-removable', tag: 'x' });
        const info = await ops.inspectImage(client, 'ops-removable:x');
        assert.ok(info.RepoTags.includes('ops-removable:x'));
        await ops.removeImage(client, 'ops-removable:x');
        const after = await truth.getImage(TEST_IMAGE).inspect();
        assert.equal(after.RepoTags.includes('ops-removable:x'), false);
        assert.ok(after.RepoTags.includes(TEST_IMAGE), 'the other tag stays');
    });

    it('runs an image with a name, environment, published port and network none', async () => {
        const { id } = await ops.runImage(client, {
            image: TEST_IMAGE,
            name: 'ops-run',
            env: ['GREETING=hello world', 'EMPTY='],
            cmd: ['sleep', '1000'],
            ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 18080 }],
            networkMode: 'none',
        });
        const info = await truth.getContainer(id).inspect();
        assert.equal(info.Name, '/ops-run');
        assert.equal(info.State.Running, true);
        assert.ok(info.Config.Env.includes('GREETING=hello world'));
        assert.ok(info.Config.Env.includes('EMPTY='));
        assert.equal(info.HostConfig.NetworkMode, 'none');
        assert.deepEqual(info.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '18080' }] });
        await truth.getContainer(id).remove({ force: true });
    });

    it('a run whose start fails leaves no container behind', async () => {
        await assert.rejects(ops.runImage(client, { image: TEST_IMAGE, name: 'ops-broken', cmd: ['/no/such/program'], networkMode: 'none' }), EngineError);
        const left = await truth.listContainers({ all: true, filters: { name: ['ops-broken'] } });
        assert.deepEqual(left, []);
    });

    it('lists, inspects, removes and prunes volumes', async () => {
        await truth.createVolume({ Name: 'ops-vol-a', Labels: { purpose: 'test' } });
        await truth.createVolume({ Name: 'ops-vol-b' });
        const list = await ops.listVolumes(client);
        const a = list.find((v) => v.name === 'ops-vol-a');
        assert.ok(a);
        assert.equal(a.driver, 'local');
        assert.equal(a.labels.purpose, 'test');
        assert.equal((await ops.inspectVolume(client, 'ops-vol-a')).Name, 'ops-vol-a');
        await ops.removeVolume(client, 'ops-vol-a');
        await assert.rejects(truth.getVolume('ops-vol-a').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
        const pruned = await ops.pruneVolumes(client);
        assert.ok(pruned.removed.includes('ops-vol-b'), JSON.stringify(pruned));
        await assert.rejects(truth.getVolume('ops-vol-b').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('lists networks with the built-in ones flagged; removes and prunes user networks; refuses built-in ones', async () => {
        await truth.createNetwork({ Name: 'ops-net-a', Driver: 'bridge', Labels: { purpose: 'test' } });
        await truth.createNetwork({ Name: 'ops-net-b', Driver: 'bridge' });
        const list = await ops.listNetworks(client);
        const byName = new Map(list.map((n) => [n.name, n]));
        assert.equal(byName.get('none')?.builtIn, true);
        assert.equal(byName.get('host')?.builtIn, true);
        assert.equal(byName.get('ops-net-a')?.builtIn, false);
        assert.equal(byName.get('ops-net-a')?.driver, 'bridge');
        assert.equal((await ops.inspectNetwork(client, 'ops-net-a')).Labels?.purpose, 'test');
        await assert.rejects(ops.removeNetwork(client, 'host'), (e: unknown) => e instanceof EngineError && /built-in/.test(e.message));
        assert.ok(await truth.getNetwork('host').inspect(), 'host is still there');
        await ops.removeNetwork(client, 'ops-net-a');
        await assert.rejects(truth.getNetwork('ops-net-a').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
        const pruned = await ops.pruneNetworks(client);
        assert.ok(pruned.removed.includes('ops-net-b'), JSON.stringify(pruned));
        const names = (await truth.listNetworks()).map((n) => n.Name).sort();
        assert.deepEqual(names, ['host', 'none']);
    });

    it('a container in the none network lists as such, and that network cannot be removed', async () => {
        const none = (await truth.listNetworks({ filters: { name: ['none'] } }))[0];
        await assert.rejects(ops.removeNetwork(client, none.Id), (e: unknown) => e instanceof EngineError && /"none" is one of the engine's built-in networks/.test(e.message));
    });
});
