/**
 * The event-driven engine explorer against a real dockerd over TLS, measured in one run:
 * (a) latency from a container state change (made through the API) to the debounced onChange;
 * (b) requests sent while idle: the event strategy against a polling strategy, both measured;
 * (c) a host with 1,000 containers: list over TLS and map to tree rows.
 */
import * as net from 'node:net';
import { groupContainerRows } from '../src/docker/containerRows';
import { EngineClient } from '../src/docker/engineClient';
import type { EngineEndpoint } from '../src/docker/enginePing';
import { watchEngineEvents, type ChangeReason } from '../src/docker/events';
import { listContainers, listImages, listNetworks, listVolumes } from '../src/docker/operations';
import { ensureTestImage, startDockerd, TEST_IMAGE } from '../test/harness/dockerd';
import { createTestPki } from '../test/harness/pki';
import type { Result } from './result';


const ENGINE_HOST = '127.0.3.81';
const PROXY_HOST = '127.0.3.82';
const CHANGES = 30;
/** Shortened from the 60 s to keep the run short; the polling side is scaled the same way. */
const IDLE_WINDOW_MS = 10_000;
/** A 60 s polling strategy, sped up 30× so that it polls 5 times in the window. */
const POLL_INTERVAL_MS = 2_000;
const POLL_SCALE = 60_000 / POLL_INTERVAL_MS;
const CONTAINERS = 1000;
const LIST_RUNS = 5;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(values: number[], p: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(value: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

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

async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
        while (next < items.length) {
            await work(items[next++]);
        }
    }));
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

        // (a) event latency
        const requests: string[] = [];
        const client = newClient((m, p) => requests.push(`${m} ${p}`));
        let onChange: ((r: ChangeReason) => void) | undefined;
        const watcher = watchEngineEvents(client, { onChange: (r) => onChange?.(r) });
        const deadline = Date.now() + 10_000;
        while (watcher.status.state !== 'connected' && Date.now() < deadline) {
            await sleep(20);
        }
        const container = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '100000'], HostConfig: { NetworkMode: 'none' } });
        await container.start();
        await sleep(500);
        const latencies: number[] = [];
        for (let i = 0; i < CHANGES; i++) {
            const fired = new Promise<number>((resolve) => (onChange = (r) => r.cause === 'events' && resolve(performance.now())));
            const t0 = performance.now();
            await (i % 2 === 0 ? container.pause() : container.unpause());
            latencies.push((await fired) - t0);
            onChange = undefined;
            await sleep(300); // past the debounce window, so each change is measured alone
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

        // (c) a host with 1,000 containers
        await bounded(Array.from({ length: CONTAINERS }, (_, i) => i), 8, (i) =>
            truth.createContainer({ name: `bench-${i}`, Image: TEST_IMAGE, Cmd: ['true'], Labels: i % 10 === 0 ? { 'com.docker.compose.project': `p${i % 30}` } : {}, HostConfig: { NetworkMode: 'none' } }));
        const expandMs: number[] = [];
        let rows = 0;
        for (let i = 0; i < LIST_RUNS; i++) {
            // A new client each time: the first expand of a host also pays the TLS handshake and loading dockerode.
            const fresh = newClient();
            const t0 = performance.now();
            const groups = groupContainerRows(await listContainers(fresh));
            expandMs.push(performance.now() - t0);
            rows = groups.ungrouped.length + groups.projects.reduce((n, p) => n + p.rows.length, 0);
            fresh.dispose();
        }

        const figures = {
            eventLatencyP50Ms: round(percentile(latencies, 50)),
            eventLatencyP95Ms: round(percentile(latencies, 95)),
            eventLatencyMaxMs: round(Math.max(...latencies)),
            changesMeasured: latencies.length,
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
            containers: rows,
            expandFirstMs: round(expandMs[0]),
            expandMedianMs: round(percentile(expandMs, 50)),
            expandMaxMs: round(Math.max(...expandMs)),
        };
        return {
            name: 'engine-events',
            figures,
            goal: 'event latency p95 ≤ 1000 ms; 0 requests while idle besides the event stream (10 s window, vs a 60 s poller sped up 30×); 1,000 containers listed and mapped to rows ≤ 300 ms (worst of 5, each with a fresh TLS client)',
            pass: figures.eventLatencyP95Ms <= 1000 && eventRequests === 0 && eventUpstreamBytes === 0 && figures.expandMaxMs <= 300 && rows === CONTAINERS,
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
