import type { EngineErrorDescription } from './describeEngineError';
import { isAbortError, type EngineClient } from './engineClient';
import { LineSplitter } from './lineSplitter';
import { linkedAbort } from './linkedAbort';

/** The parts of one /containers/{id}/stats object that the view uses; every field may be missing. */
export interface RawStats {
    read?: string;
    cpu_stats?: RawCpu;
    precpu_stats?: RawCpu;
    memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
    networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
    pids_stats?: { current?: number };
}

interface RawCpu {
    cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
    system_cpu_usage?: number;
    online_cpus?: number;
}

export interface StatsSample {
    readonly at: Date;
    /** Of one CPU: 200 means two CPUs fully busy, as `docker stats` shows it. */
    readonly cpuPercent: number;
    /** Without the page cache, as `docker stats` counts it. */
    readonly memoryBytes: number;
    readonly memoryLimitBytes: number;
    readonly memoryPercent: number;
    readonly networkRxBytes: number;
    readonly networkTxBytes: number;
    /** Undefined for the first sample. */
    readonly networkRxBytesPerSecond?: number;
    readonly networkTxBytesPerSecond?: number;
    readonly pids?: number;
}

/** One sample from one raw stats object (and the previous sample, for rates). */
export function computeStatsSample(raw: RawStats, previous?: StatsSample): StatsSample {
    const at = raw.read && !raw.read.startsWith('0001-') ? new Date(raw.read) : new Date();
    const cpu = raw.cpu_stats;
    const pre = raw.precpu_stats;
    const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
    const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
    const cpus = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
    // The first object of a stream has no precpu sample: its deltas mean nothing.
    const cpuPercent = pre?.system_cpu_usage && systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * cpus * 100 : 0;

    const usage = raw.memory_stats?.usage ?? 0;
    const details = raw.memory_stats?.stats ?? {};
    // cgroup v1 reports total_inactive_file, v2 inactive_file.
    const inactive = details.total_inactive_file ?? details.inactive_file ?? 0;
    const memoryBytes = inactive < usage ? usage - inactive : usage;
    const memoryLimitBytes = raw.memory_stats?.limit ?? 0;

    let rx = 0;
    let tx = 0;
    for (const net of Object.values(raw.networks ?? {})) {
        rx += net.rx_bytes ?? 0;
        tx += net.tx_bytes ?? 0;
    }
    const seconds = previous ? (at.getTime() - previous.at.getTime()) / 1000 : 0;
    const rate = (now: number, before: number | undefined) => (previous && seconds > 0 && before !== undefined ? Math.max(0, (now - before) / seconds) : undefined);
    return {
        at,
        cpuPercent,
        memoryBytes,
        memoryLimitBytes,
        memoryPercent: memoryLimitBytes > 0 ? (memoryBytes / memoryLimitBytes) * 100 : 0,
        networkRxBytes: rx,
        networkTxBytes: tx,
        networkRxBytesPerSecond: rate(rx, previous?.networkRxBytes),
        networkTxBytesPerSecond: rate(tx, previous?.networkTxBytes),
        pids: raw.pids_stats?.current,
    };
}

export type StatsEnd =
    | { readonly reason: 'stopped' }
    | { readonly reason: 'ended' }
    | { readonly reason: 'connectionLost'; readonly error: EngineErrorDescription };

export interface StatsWatcher {
    stop(): void;
    /** Settles once, never rejects. */
    readonly ended: Promise<StatsEnd>;
}

/** Streams live samples (the engine sends one about every second) until stopped. */
export async function watchStats(client: EngineClient, containerId: string, onSample: (sample: StatsSample) => void, signal?: AbortSignal): Promise<StatsWatcher> {
    const { controller, unlink } = linkedAbort(signal);
    let stream: NodeJS.ReadableStream;
    try {
        stream = await client.stream('stream the container stats', (d) => d.getContainer(containerId).stats({ stream: true }), { signal: controller.signal });
    } catch (error) {
        unlink();
        throw error;
    }
    let resolveEnded!: (end: StatsEnd) => void;
    const ended = new Promise<StatsEnd>((resolve) => (resolveEnded = resolve));
    let done = false;
    const finish = (end: StatsEnd) => {
        if (!done) {
            done = true;
            unlink();
            resolveEnded(end);
        }
    };
    const lines = new LineSplitter();
    let previous: StatsSample | undefined;
    stream.on('data', (chunk: Buffer) => {
        for (const line of lines.push(chunk)) {
            if (!line.trim()) {
                continue;
            }
            try {
                previous = computeStatsSample(JSON.parse(line) as RawStats, previous);
            } catch {
                continue; // a malformed object is skipped, not fatal
            }
            onSample(previous);
        }
    });
    let clean = false;
    stream.on('end', () => {
        clean = true;
        finish({ reason: 'ended' });
    });
    const fail = (error: unknown) => {
        finish(controller.signal.aborted || isAbortError(error) ? { reason: 'stopped' } : { reason: 'connectionLost', error: client.describe(error) });
    };
    stream.on('error', fail);
    stream.on('close', () => clean || fail(Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })));
    return { stop: () => controller.abort(), ended };
}
