/**
 * The /events watcher against a real engine: a change arrives at once and a burst is coalesced, execs are ignored, the
 * fallback poll runs only while the stream is down, the stream comes back by itself after dockerd
 * restarts, and dispose() ends every request.
 */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineClient } from '../../src/docker/engineClient';
import { watchEngineEvents, type ChangeReason, type EngineEventsWatcher, type EventsStatus } from '../../src/docker/events';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { createTestPki } from '../harness/pki';
import { waitFor } from '../harness/wait';

const HOST = '127.0.3.31';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('docker events against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    const requests: string[] = [];
    let watcher: EngineEventsWatcher | undefined;
    const changes: { at: number; reason: ChangeReason }[] = [];
    const statuses: EventsStatus[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    before(async () => {
        process.on('unhandledRejection', onRejection);
        const pki = await createTestPki([HOST]);
        dockerd = await startDockerd({ host: HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
        await ensureTestImage(dockerd.socketPath);
        truth = dockerd.socketClient();
        client = new EngineClient(
            { address: HOST, port: dockerd.port, tls: { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem } },
            { timeoutMs: 5_000, onRequest: (method, path) => requests.push(`${method} ${path}`) },
        );
        watcher = watchEngineEvents(client, {
            onChange: (reason) => changes.push({ at: Date.now(), reason }),
            onStatus: (status) => statuses.push(status),
            backoff: () => 200,
            fallbackPollMs: 300,
        });
        await waitFor('the event stream', 10_000, () => watcher!.status.state === 'connected');
    });

    after(async () => {
        process.off('unhandledRejection', onRejection);
        watcher?.dispose();
        client?.dispose();
        await dockerd?.stop();
    });

    afterEach(() => assert.deepEqual(rejections, []));

    it('fires at once on the first event of a burst and coalesces the rest, naming the scope', async () => {
        const c = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } });
        await c.start();
        await waitFor('the start to be seen', 5_000, () => changes.length > 0);
        // Quiet for longer than the widest window, so the next event is a leading edge again.
        await sleep(1_200);
        changes.length = 0;
        // One call, one burst: the engine emits kill, die and destroy within moments of each other.
        // (Separate calls would spread their events by however long the engine takes for each, which
        // is up to the machine's load, not to the watcher.)
        const t0 = Date.now();
        await c.remove({ force: true });
        await waitFor('a change', 5_000, () => changes.length > 0);
        await sleep(1_200);
        assert.ok(changes[0].at - t0 < 1000, `first change after ${changes[0].at - t0} ms`);
        const events = changes.reduce((n, ch) => n + (ch.reason.cause === 'events' ? ch.reason.count : 0), 0);
        assert.ok(events >= 3, `the burst carried ${events} events`);
        assert.ok(changes.length <= 2, `a burst of ${events} events gave ${changes.length} changes`);
        assert.deepEqual(changes[0].reason.cause, 'events');
        if (changes[0].reason.cause === 'events') {
            assert.ok(changes[0].reason.scopes.includes('container'), changes[0].reason.scopes.join());
        }
    });

    it('names the image, volume and network scopes, and ignores execs', async () => {
        changes.length = 0;
        await truth.createVolume({ Name: 'ev-vol' });
        await waitFor('a volume change', 5_000, () => changes.some((c) => c.reason.cause === 'events' && c.reason.scopes.includes('volume')));
        await truth.createNetwork({ Name: 'ev-net', Driver: 'bridge' });
        await waitFor('a network change', 5_000, () => changes.some((c) => c.reason.cause === 'events' && c.reason.scopes.includes('network')));
        await truth.getImage(TEST_IMAGE).tag({ repo: 'ev-image', tag: '1' });
        await waitFor('an image change', 5_000, () => changes.some((c) => c.reason.cause === 'events' && c.reason.scopes.includes('image')));

        const c = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } });
        await c.start();
        await sleep(600);
        changes.length = 0;
        const exec = await c.exec({ Cmd: ['true'], AttachStdout: true });
        const stream = await exec.start({});
        stream.resume();
        await new Promise((r) => stream.on('end', r));
        await sleep(600);
        assert.deepEqual(changes, [], 'an exec changes nothing the tree shows');
        await c.remove({ force: true });
        await sleep(400);
    });

    it('sends nothing but the one event stream while connected and idle (no fallback poll)', async () => {
        changes.length = 0;
        const before = requests.length;
        await sleep(1500); // five fallback-poll periods
        assert.deepEqual(requests.slice(before), []);
        assert.deepEqual(changes, []);
        assert.equal(requests.filter((r) => r.startsWith('GET /events')).length, 1);
    });

    it('reconnects by itself after dockerd restarts, polls only while down, and fires a change when back', async () => {
        changes.length = 0;
        statuses.length = 0;
        await dockerd.kill();
        await waitFor('reconnecting', 5_000, () => watcher!.status.state === 'reconnecting');
        await waitFor('fallback polls while down', 5_000, () => changes.filter((c) => c.reason.cause === 'fallbackPoll').length >= 2);
        const reconnecting = statuses.filter((s) => s.state === 'reconnecting');
        assert.ok(reconnecting.every((s) => s.lastError.unreachable), JSON.stringify(reconnecting));
        assert.ok(reconnecting.some((s) => s.lastError.kind === 'refused'), JSON.stringify(reconnecting.map((s) => s.lastError.kind)));

        await dockerd.restart();
        await waitFor('connected again', 20_000, () => watcher!.status.state === 'connected');
        await waitFor('a change after the outage', 2_000, () => changes.some((c) => c.reason.cause === 'reconnected'));
        // Polling stops with the stream back, and the stream delivers events again.
        await sleep(500);
        changes.length = 0;
        await sleep(1000);
        assert.deepEqual(changes.filter((c) => c.reason.cause === 'fallbackPoll'), []);
        await truth.createVolume({ Name: 'ev-after-restart' });
        await waitFor('an event after the restart', 5_000, () => changes.some((c) => c.reason.cause === 'events'));
    });

    it('reconnectNow() skips the backoff wait', async () => {
        const slow = watchEngineEvents(client, { onChange: () => undefined, backoff: () => 60_000 });
        try {
            await waitFor('connected', 5_000, () => slow.status.state === 'connected');
            await dockerd.kill();
            await waitFor('reconnecting', 5_000, () => slow.status.state === 'reconnecting');
            await dockerd.restart();
            slow.reconnectNow();
            await waitFor('connected without waiting a minute', 10_000, () => slow.status.state === 'connected');
        } finally {
            slow.dispose();
        }
        await waitFor('the main watcher back too', 20_000, () => watcher!.status.state === 'connected');
    });

    it('dispose() ends the stream and every timer: no request or callback afterwards', async () => {
        const own: string[] = [];
        const ownClient = new EngineClient(client.endpoint, { timeoutMs: 5_000, onRequest: (m, p) => own.push(`${m} ${p}`) });
        let fired = 0;
        const w = watchEngineEvents(ownClient, { onChange: () => fired++, backoff: () => 50, fallbackPollMs: 50 });
        await waitFor('connected', 5_000, () => w.status.state === 'connected');
        const connections = async () => (await truth.info()).NEventsListener as number;
        const listening = await connections();
        w.dispose();
        await waitFor('the engine sees the listener gone', 5_000, async () => (await connections()) === listening - 1);
        const count = own.length;
        await truth.createVolume({ Name: 'ev-after-dispose' });
        await sleep(500);
        assert.equal(own.length, count);
        assert.equal(fired, 0);
        ownClient.dispose();
    });
});
