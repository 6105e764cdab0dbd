import { FrameDemuxer, type StreamKind } from './demux';
import type { EngineErrorDescription } from './describeEngineError';
import { isAbortError, type EngineClient } from './engineClient';
import { LineSplitter } from './lineSplitter';
import { linkedAbort } from './linkedAbort';

/** 'notice' lines are ours (how the log ended), not the container's. */
export type LogSource = StreamKind | 'notice';

export interface FollowLogsOptions {
    readonly onLine: (line: string, source: LogSource) => void;
    /** Lines of history before following; default 1000. */
    readonly tail?: number | 'all';
    readonly timestamps?: boolean;
    readonly signal?: AbortSignal;
}

export type LogsEnd =
    | { readonly reason: 'stopped' }
    | { readonly reason: 'ended'; readonly message: string }
    | { readonly reason: 'connectionLost'; readonly message: string; readonly error: EngineErrorDescription };

export interface LogFollower {
    /** The container has a TTY: its output is one raw stream, not stdout/stderr frames. */
    readonly tty: boolean;
    /** Ends the stream (closing the log document). */
    stop(): void;
    /** Settles once, never rejects. A lost engine also sends the message as a last 'notice' line. */
    readonly ended: Promise<LogsEnd>;
}

/** Follows a container's logs as text lines, until stopped, the container ends, or the engine is lost. */
export function followLogs(client: EngineClient, containerId: string, options: FollowLogsOptions): Promise<LogFollower> {
    return follow(client, options, '— the log ended: the container stopped or was removed —', async (logOptions, signal) => {
        // TTY output is raw; without a TTY it comes in stdout/stderr frames.
        const info = await client.call('inspect the container', (d) => d.getContainer(containerId).inspect(), { signal });
        const stream = await client.stream('follow the logs', (d) => d.getContainer(containerId).logs({ ...logOptions, follow: true }), { signal });
        return { tty: info.Config.Tty === true, stream };
    });
}

/** Follows the merged logs of a swarm service's tasks, on every node, through a manager. */
export function followServiceLogs(client: EngineClient, serviceId: string, options: FollowLogsOptions): Promise<LogFollower> {
    return follow(client, options, '— the log ended: the service was removed —', async (logOptions, signal) => {
        const info = await client.call('inspect the service', (d) => d.getService(serviceId).inspect() as Promise<{ Spec?: { TaskTemplate?: { ContainerSpec?: { TTY?: boolean } } } }>, { signal });
        const stream = await client.stream('follow the service logs', (d) => d.getService(serviceId).logs({ ...logOptions, follow: true }) as Promise<NodeJS.ReadableStream>, { signal });
        return { tty: info.Spec?.TaskTemplate?.ContainerSpec?.TTY === true, stream };
    });
}

type OpenLogs = (logOptions: { stdout: true; stderr: true; timestamps: boolean; tail?: number }, signal: AbortSignal) => Promise<{ tty: boolean; stream: NodeJS.ReadableStream }>;

async function follow(client: EngineClient, options: FollowLogsOptions, endedMessage: string, open: OpenLogs): Promise<LogFollower> {
    const { controller, unlink } = linkedAbort(options.signal);
    const signal = controller.signal;

    const tail = options.tail ?? 1000;
    let tty: boolean;
    let stream: NodeJS.ReadableStream;
    try {
        ({ tty, stream } = await open({ stdout: true, stderr: true, timestamps: options.timestamps ?? false, ...(tail === 'all' ? {} : { tail }) }, signal));
    } catch (error) {
        unlink();
        throw error;
    }

    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
    const emitText = (kind: StreamKind, bytes: Buffer) => {
        for (const line of splitters[kind].push(bytes)) {
            options.onLine(line, kind);
        }
    };
    const demuxer = tty ? undefined : new FrameDemuxer(emitText);
    const flush = () => {
        for (const kind of ['stdout', 'stderr'] as const) {
            const rest = splitters[kind].flush();
            if (rest !== undefined) {
                options.onLine(rest, kind);
            }
        }
    };

    let resolveEnded!: (end: LogsEnd) => void;
    const ended = new Promise<LogsEnd>((resolve) => (resolveEnded = resolve));
    let done = false;
    const finish = (end: LogsEnd) => {
        if (done) {
            return;
        }
        done = true;
        unlink();
        flush();
        if (end.reason !== 'stopped') {
            options.onLine(end.message, 'notice');
        }
        resolveEnded(end);
    };
    let cleanEnd = false;
    stream.on('data', (chunk: Buffer) => (demuxer ? demuxer.push(chunk) : emitText('stdout', chunk)));
    stream.on('end', () => {
        cleanEnd = true;
        finish({ reason: 'ended', message: endedMessage });
    });
    const lost = (error: unknown) => {
        if (signal.aborted || isAbortError(error)) {
            finish({ reason: 'stopped' });
            return;
        }
        const description = client.describe(error);
        finish({ reason: 'connectionLost', message: `— the connection to the engine was lost: ${lostDetail(error, description)} —`, error: description });
    };
    stream.on('error', lost);
    stream.on('close', () => {
        if (!cleanEnd) {
            lost(Object.assign(new Error('the stream closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
        }
    });

    return {
        tty,
        stop: () => controller.abort(),
        ended,
    };
}

function lostDetail(error: unknown, description: EngineErrorDescription): string {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (description.kind !== 'other' || !description.code) {
        return description.cause;
    }
    return message && message !== description.code ? `${description.code} (${message})` : description.code;
}
