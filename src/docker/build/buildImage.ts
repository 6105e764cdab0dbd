// Builds an image on the engine from a local folder: the context is streamed as it is read,
// the engine's answer is followed line by line, and cancelling ends both the upload and the build.
import { Transform, type Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { EngineError, EngineTimeoutError } from '../describeEngineError';
import { isAbortError, type EngineClient } from '../engineClient';
import { linkedAbort } from '../linkedAbort';
import { BuildInputError, packBuildContext, type BuildContextPlan } from './buildContext';
import { BuildFailedError, BuildStreamParser, type BuildEvent } from './buildProgress';
import { validateImageTag } from './imageTag';

export interface BuildImageOptions {
    readonly plan: BuildContextPlan;
    readonly tag: string;
    readonly buildArgs?: Readonly<Record<string, string>>;
    /** A stage of a multi-stage Dockerfile. */
    readonly target?: string;
    /** The network of RUN steps; default the engine's ('none' for an engine without a bridge). */
    readonly networkMode?: string;
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: BuildEvent) => void;
    /** Bytes of tar sent so far, as they leave. */
    readonly onUpload?: (sentBytes: number) => void;
}

export interface BuildResult {
    readonly imageId: string;
    readonly tag: string;
    /** The tar's size on the wire. */
    readonly uploadedBytes: number;
}

// The stream's start limit is ours (the silence watchdog below), not the client's usual one:
// the engine answers only after the whole context has arrived.
const noStartLimitMs = 2 ** 31 - 1;

/** `KEY=value` lines (blank ones skipped) as build args; the message names a line without '='. */
export function parseBuildArgs(text: string): Record<string, string> {
    const args: Record<string, string> = {};
    for (const raw of text.split(/[\n,]/)) {
        const line = raw.trim();
        if (!line) {
            continue;
        }
        const eq = line.indexOf('=');
        if (eq <= 0) {
            throw new BuildInputError(`"${line}" is not a build argument: use NAME=value.`);
        }
        args[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    return args;
}

/**
 * Sends the planned context and builds it. The upload may take as long as it needs while bytes
 * move; a stall longer than the client's limit (during the upload, or between its end and the
 * engine's first answer) ends it as a timeout. Once the engine answers, a step may be silent for
 * as long as it runs: only cancel or a lost connection ends it.
 */
export async function buildImage(client: EngineClient, options: BuildImageOptions): Promise<BuildResult> {
    const tag = options.tag.trim();
    const invalid = validateImageTag(tag);
    if (invalid) {
        throw new BuildInputError(invalid);
    }
    const { controller, unlink } = linkedAbort(options.signal);
    const signal = controller.signal;
    const silenceMs = client.timeoutMs;
    let silence: NodeJS.Timeout | undefined;
    const armSilence = (what: string) => {
        clearTimeout(silence);
        silence = setTimeout(() => controller.abort(new EngineTimeoutError(silenceMs, what)), silenceMs);
    };
    const disarmSilence = () => clearTimeout(silence);

    let sent = 0;
    const tar = packBuildContext(options.plan);
    const counted = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
            sent += chunk.length;
            armSilence('upload the build context');
            options.onUpload?.(sent);
            callback(null, chunk);
        },
        flush(callback) {
            armSilence('start the build after the upload');
            callback();
        },
    });
    tar.on('error', (error) => counted.destroy(error));
    tar.pipe(counted);
    const stopUpload = () => {
        tar.destroy();
        counted.destroy();
    };
    signal.addEventListener('abort', stopUpload, { once: true });

    const query: Dockerode.ImageBuildOptions = {
        t: tag,
        dockerfile: options.plan.dockerfile,
        // Intermediate containers go, even after a failed step.
        rm: true,
        forcerm: true,
        ...(options.buildArgs && Object.keys(options.buildArgs).length ? { buildargs: { ...options.buildArgs } } : {}),
        ...(options.target ? { target: options.target } : {}),
        ...(options.networkMode ? { networkmode: options.networkMode } : {}),
    };
    try {
        armSilence('upload the build context');
        options.signal?.throwIfAborted();
        let response: Readable;
        try {
            response = (await client.stream('build the image', (d) => d.buildImage(counted, query), { signal, timeoutMs: noStartLimitMs })) as Readable;
        } catch (error) {
            throw refusal(error);
        }
        disarmSilence();
        const parser = new BuildStreamParser((event) => options.onEvent?.(event));
        await new Promise<void>((resolve, reject) => {
            response.on('data', (chunk: Buffer) => parser.push(chunk));
            response.on('end', () => {
                parser.end();
                resolve();
            });
            response.on('error', (error: unknown) => reject(signal.aborted || isAbortError(error) ? signal.reason ?? error : client.toEngineError(error)));
            response.on('close', () => {
                if (!response.readableEnded) {
                    reject(signal.aborted ? signal.reason : client.toEngineError(Object.assign(new Error('the build stream closed before its end'), { code: 'ECONNRESET' })));
                }
            });
        });
        if (parser.failure) {
            throw parser.failure;
        }
        if (!parser.imageId) {
            throw new BuildFailedError('the engine ended the build without naming an image', undefined, []);
        }
        return { imageId: parser.imageId, tag, uploadedBytes: sent };
    } catch (error) {
        stopUpload();
        throw signal.reason instanceof EngineTimeoutError ? client.toEngineError(signal.reason) : error;
    } finally {
        disarmSilence();
        signal.removeEventListener('abort', stopUpload);
        unlink();
    }
}

/** The engine refuses some builds before running a step (a Dockerfile it cannot parse): say so plainly. */
function refusal(error: unknown): unknown {
    if (error instanceof EngineError && error.statusCode !== undefined) {
        const message = error.message.replace(/^The engine refused the request: /, '').replace(/ \(HTTP \d+\)\.?$/, '');
        return new BuildFailedError(message, undefined, []);
    }
    return error;
}
