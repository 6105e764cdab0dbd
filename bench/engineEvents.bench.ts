/**
 * The event-driven engine explorer against a real dockerd over TLS, measured in one run, beside
 * round 1's rule (a trailing 250 ms debounce) fed by its own stream from the same engine:
 * (a) latency from a container state change (made through the API) to the change reaching the tree;
 * (b) requests sent while idle: the event strategy against a polling strategy, both measured;
 * (c) a storm of 1,000 container events: how many refreshes each rule asks for, and whether the
 *     rows the last refresh lists match the engine.
 */
import * as net from 'node:net';
import { EngineClient } from '../src/docker/engineClient';
import type { EngineEndpoint } from '../src/docker/enginePing';
import { scopeOfEvent, watchEngineEvents, type ChangeReason } from '../src/docker/events';
import { LineSplitter } from '../src/docker/lineSplitter';
import { listContainers, listImages, listNetworks, listVolumes } from '../src/docker/operations';
import { ensureTestImage, startDockerd, TEST_IMAGE } from '../test/harness/dockerd';
import { createTestPki } from '../test/harness/pki';
import type { Result } from './result';
import { bounded, percentile, round, sleep } from './stats';


const ENGINE_HOST = '127.0.3.81';
const PROXY_HOST = '127.0.3.82';
const CHANGES = 30;
/** Shortened from the 60 s to keep the run short; the polling side is scaled the same way. */
const IDLE_WINDOW_MS = 10_000;
/** A 60 s polling strategy, sped up 30× so that it polls 5 times in the window. */
const POLL_INTERVAL_MS = 2_000;
const POLL_SCALE = 60_000 / POLL_INTERVAL_MS;
/** The storm: this many renames (one container event each) spread over STORM_CONTAINERS, sent 32 at a time. */
const STORM_EVENTS = 1000;
const STORM_CONTAINERS = 200;

/** A TCP relay in front of the engine that counts the bytes and connections clients send through it. */
async function countingProxy(target: { host: string; port: number }): Promise<{ port: number; upstreamBytes(): number; connections(): number; close(): void }> {
    let bytes = 0;
    let connections = 0;
    const sockets = new Set<net.Socket>();
    const server = net.createServer((downstream) => {
        connections++;
        const upstream = net.connect(target);
        sockets.add(downstream).add(upstream);
        downstream.on('data', (chunk: Buffer) => (bytes += chunk.length));
        downstream.pipe(upstream).pipe(downstream);
        const end = () => {
            downstream.destroy();
            upstream.destroy();
        };
        downstream.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => server.listen(0, PROXY_HOST, r));
    return {
        port: (server.address() as net.AddressInfo).port,
        upstreamBytes: () => bytes,
        connections: () => connections,
        close: () => {
            sockets.forEach((s) => s.destroy());
            server.close();
        },
    };
}

/**
 * Round 1's rule, kept here only to be measured beside the new one: every change waits a fixed
 * 250 ms after the first event of its batch.
 */
async function debounceOnly(client: EngineClient, onChange: () => void): Promise<() => void> {
    const controller = new AbortController();
    const stream = await client.stream('watch the engine events', (d) => d.getEvents({ filters: { type: ['container', 'image', 'volume', 'network'] } }), { signal: controller.signal });
    const lines = new LineSplitter();
    let timer: NodeJS.Timeout | undefined;
    stream.on('data', (chunk: Buffer) => {
        for (const line of lines.push(chunk)) {
            if (scopeOfEvent(JSON.parse(line) as { Type?: string; Action?: string })) {
                timer ??= setTimeout(() => {
                    timer = undefined;
                    onChange();
                }, 250);
            }
        }
    });
    stream.on('error', () => undefined);
    return () => {
        clearTimeout(timer);
        controller.abort();
    };
}

export async function run(): Promise<Result> {
    const pki = await createTestPki([ENGINE_HOST, PROXY_HOST]);
    const dockerd = await startDockerd({ host: ENGINE_HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
    const proxy = await countingProxy({ host: ENGINE_HOST, port: dockerd.port });
    const tls = { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem };
    const viaProxy: EngineEndpoint = { address: PROXY_HOST, port: proxy.port, tls };
    const clients: EngineClient[] = [];
    const newClient = (onRequest?: (m: string, p: string) => void) => {
        const c = new EngineClient(viaProxy, { timeoutMs: 30_000, onRequest });
        clients.push(c);
        return c;
    };
    try {
        await ensureTestImage(dockerd.socketPath);
        // Changes are made over the engine's unix socket, so they never count as our requests.
        const truth = dockerd.socketClient();

        // (a) event latency, the new rule and round 1's side by side on the same changes
        const requests: string[] = [];
        const client = newClient((m, p) => requests.push(`${m} ${p}`));
        let onChange: ((r: ChangeReason) => void) | undefined;
        let onBaseline: (() => void) | undefined;
        const watcher = watchEngineEvents(client, { onChange: (r) => onChange?.(r) });
        // Straight to the engine, so the proxy counts only the watcher's traffic.
        const baselineClient = new EngineClient({ address: ENGINE_HOST, port: dockerd.port, tls }, { timeoutMs: 30_000 });
        clients.push(baselineClient);
        const stopBaseline = await debounceOnly(baselineClient, () => onBaseline?.());
        const deadline = Date.now() + 10_000;
        while (watcher.status.state !== 'connected' && Date.now() < deadline) {
            await sleep(20);
        }
        const container = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '100000'], HostConfig: { NetworkMode: 'none' } });
        await container.start();
        await sleep(1000);
        const latencies: number[] = [];
        const baselineLatencies: number[] = [];
        for (let i = 0; i < CHANGES; i++) {
            const fired = new Promise<number>((resolve) => (onChange = (r) => r.cause === 'events' && resolve(performance.now())));
            const baselineFired = new Promise<number>((resolve) => (onBaseline = () => resolve(performance.now())));
            const t0 = performance.now();
            await (i % 2 === 0 ? container.pause() : container.unpause());
            latencies.push((await fired) - t0);
            baselineLatencies.push((await baselineFired) - t0);
            onChange = undefined;
            onBaseline = undefined;
            await sleep(600); // past both windows, so each change is measured alone
        }

        // (b) idle: the event strategy (the watcher above) sends nothing; then a polling strategy.
        await sleep(1000);
        const eventRequestsBefore = requests.length;
        const eventBytesBefore = proxy.upstreamBytes();
        const eventConnectionsBefore = proxy.connections();
        await sleep(IDLE_WINDOW_MS);
        const eventRequests = requests.length - eventRequestsBefore;
        const eventUpstreamBytes = proxy.upstreamBytes() - eventBytesBefore;
        const eventNewConnections = proxy.connections() - eventConnectionsBefore;
        watcher.dispose();

        const pollRequests: string[] = [];
        const poller = newClient((m, p) => pollRequests.push(`${m} ${p}`));
        const pollBytesBefore = proxy.upstreamBytes();
        const refreshAll = () => Promise.all([listContainers(poller), listImages(poller), listVolumes(poller), listNetworks(poller)]);
        let pollCycles = 0;
        const timer = setInterval(() => {
            pollCycles++;
            void refreshAll();
        }, POLL_INTERVAL_MS);
        await sleep(IDLE_WINDOW_MS + 100);
        clearInterval(timer);
        await sleep(500);
        const pollingRequests = pollRequests.length;
        const pollingUpstreamBytes = proxy.upstreamBytes() - pollBytesBefore;
        await container.remove({ force: true });

        // (c) a storm: the new rule's refreshes list the containers as the tree would; round 1's are counted.
        const stormWatcher = watchEngineEvents(client, { onChange: (r) => onChange?.(r) });
        const stormContainers = await Promise.all(Array.from({ length: STORM_CONTAINERS }, (_, i) =>
            truth.createContainer({ name: `storm-${i}-0`, Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } })));
        await sleep(1500);
        let refreshes = 0;
        let baselineRefreshes = 0;
        let lastRows: Promise<Map<string, string>> | undefined;
        onChange = (r) => {
            refreshes += r.cause === 'events' ? 1 : 0;
            lastRows = listContainers(client).then((list) => new Map(list.map((c) => [c.id, c.name])));
        };
        onBaseline = () => baselineRefreshes++;
        const renames = Array.from({ length: STORM_EVENTS }, (_, i) => i);
        const stormStart = performance.now();
        await bounded(renames, 32, (i) => stormContainers[i % STORM_CONTAINERS].rename({ name: `storm-${i % STORM_CONTAINERS}-${Math.floor(i / STORM_CONTAINERS) + 1}` }));
        const stormMs = performance.now() - stormStart;
        await sleep(1500); // past the longest window of either rule
        const shown = await lastRows;
        const engine = new Map((await truth.listContainers({ all: true })).map((c) => [c.Id, c.Names[0].slice(1)]));
        const wrongRows = [...engine].filter(([id, name]) => shown?.get(id) !== name).length + [...(shown ?? new Map<string, string>()).keys()].filter((id) => !engine.has(id)).length;
        onChange = undefined;
        onBaseline = undefined;
        stormWatcher.dispose();
        stopBaseline();

        const figures = {
            eventLatencyP50Ms: round(percentile(latencies, 50)),
            eventLatencyP95Ms: round(percentile(latencies, 95)),
            eventLatencyMaxMs: round(Math.max(...latencies)),
            debounceOnlyLatencyP50Ms: round(percentile(baselineLatencies, 50)),
            debounceOnlyLatencyP95Ms: round(percentile(baselineLatencies, 95)),
            changesMeasured: latencies.length,
            stormEvents: STORM_EVENTS,
            stormMs: round(stormMs),
            stormRefreshes: refreshes,
            debounceOnlyStormRefreshes: baselineRefreshes,
            stormWrongRows: wrongRows,
            idleWindowMs: IDLE_WINDOW_MS,
            eventDrivenRequestsInWindow: eventRequests,
            eventDrivenUpstreamBytesInWindow: eventUpstreamBytes,
            eventDrivenNewConnectionsInWindow: eventNewConnections,
            pollingIntervalMs: POLL_INTERVAL_MS,
            pollingCycles: pollCycles,
            pollingRequestsInWindow: pollingRequests,
            pollingUpstreamBytesInWindow: pollingUpstreamBytes,
            pollingRequestsPerCycle: round(pollingRequests / Math.max(1, pollCycles), 1),
            // What the 60 s poller costs per idle host per hour, from the measured cycle.
            polling60sRequestsPerHour: round((pollingRequests / Math.max(1, pollCycles)) * 60, 0),
            pollingScale: POLL_SCALE,
        };
        return {
            name: 'engine-events',
            figures,
            goal: 'a single change reaches the tree with p95 ≤ 50 ms; a storm of 1,000 container events causes ≤ 5 refreshes and every row ends correct; 0 requests while idle besides the event stream (10 s window, vs a 60 s poller sped up 30×)',
            pass: figures.eventLatencyP95Ms <= 50 && refreshes <= 5 && wrongRows === 0 && eventRequests === 0 && eventUpstreamBytes === 0,
        };
    } finally {
        clients.forEach((c) => c.dispose());
        proxy.close();
        await dockerd.stop();
    }
}

if (require.main === module) {
    run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
