import { AsyncLocalStorage } from 'node:async_hooks';
import type * as http from 'node:http';
import { Agent } from 'node:https';
import type Dockerode from 'dockerode';
import type { Log } from '../host/log';
import type { PowerState } from '../host/powerState';
import { describeEngineError, EngineError, EngineTimeoutError, type EngineErrorDescription } from './describeEngineError';
import { SshDockerAgent, sshRequestHost } from '../ssh/sshDockerAgent';
import { HostKeyMismatchError } from '../ssh/hostKeys';
import { SshConnectError } from '../ssh/sshConnection';
import { isSshEndpoint, type AnyEngineEndpoint } from './enginePing';
import { loadDockerode } from './loadDockerode';

export interface EngineClientOptions {
    /** Per-call limit (azureDockerHosts.engineTimeoutSeconds); streams get it until their response starts. */
    readonly timeoutMs: number;
    /** The VM's power state from Azure, so a refused connection to a stopped VM reads "VM stopped". */
    readonly powerState?: () => PowerState | undefined;
    /** Sees every HTTP request sent to the engine (logging, the idle-request benchmark). */
    readonly onRequest?: (method: string, path: string) => void;
    /** Gets each request at trace level (method and path, never the query, headers or body) and each failed call at error level. */
    readonly log?: Log;
}

export interface CallOptions {
    readonly signal?: AbortSignal;
    /** Overrides the client's limit, e.g. stop: its grace period plus the usual limit. */
    readonly timeoutMs?: number;
}

/** Anything a stream call resolves to: the response or the hijacked socket. */
type Closable = NodeJS.EventEmitter;

/** True for an error that only says "cancelled" (the caller's signal, or a disposed client). */
export function isAbortError(error: unknown): boolean {
    return typeof error === 'object' && error !== null && (error as { name?: string }).name === 'AbortError';
}

function abortError(message: string): Error {
    const error = new Error(message);
    error.name = 'AbortError';
    return error;
}

/**
 * One engine, one client: dockerode over mutual TLS with the host's PEMs passed directly (never
 * DOCKER_* variables, which lost the TLS material in vscode-docker #2058). Every call goes through
 * call() or stream(): a per-call timeout, cancellation, and errors mapped to EngineError.
 *
 * dockerode's own `timeout` is not used: it is a socket idle timeout, so it would cut quiet event
 * and log streams, and it surfaces as a bare "socket hang up".
 */
export class EngineClient {
    /** Changes apply to the next call (the setting can change while the host is open). */
    timeoutMs: number;
    private docker: Dockerode | undefined;
    private readonly agent: Agent | SshDockerAgent;
    private readonly inflight = new Set<AbortController>();
    // Carries the current call's signal down to modem.dial, so every request of the call gets it,
    // including the dockerode methods that do not forward `abortSignal` (image/network inspect).
    private readonly current = new AsyncLocalStorage<AbortSignal>();
    private disposed = false;

    constructor(readonly endpoint: AnyEngineEndpoint, private readonly options: EngineClientOptions) {
        this.timeoutMs = options.timeoutMs;
        // Over SSH every HTTP connection is a channel of the host's one SSH connection, which keeps itself alive.
        // Over TLS, pooled sockets close after 15 s idle, before a NAT can drop them silently. TCP keep-alive
        // probes (not HTTP requests) keep a quiet event stream's NAT entry alive and detect a dead peer.
        const ssh = isSshEndpoint(endpoint) ? endpoint.ssh : undefined;
        this.agent = ssh ? new SshDockerAgent(() => ssh.get()) : new Agent({ keepAlive: true, keepAliveMsecs: 30_000, maxFreeSockets: 4, timeout: 15_000 });
    }

    get address(): string {
        return `${this.endpoint.address}:${this.endpoint.port}`;
    }

    /** Runs one request-response exchange within the timeout. */
    call<T>(what: string, run: (docker: Dockerode, signal: AbortSignal) => Promise<T>, options?: CallOptions): Promise<T> {
        return this.perform(what, run, options, false);
    }

    /**
     * Opens a long-lived response (events, logs, stats, pull, an exec socket). The timeout covers
     * only its start; the caller's signal (or dispose) ends it later.
     */
    stream<T extends Closable>(what: string, run: (docker: Dockerode, signal: AbortSignal) => Promise<T>, options?: CallOptions): Promise<T> {
        return this.perform(what, run, options, true);
    }

    /** Describes any error from this engine (for errors that did not come through call()). */
    describe(error: unknown): EngineErrorDescription {
        if (error instanceof EngineError) {
            return error.description;
        }
        // SSH's own failures (a host key that does not match, a key that is gone, sshd silent) already name cause and fix.
        if (error instanceof SshConnectError || error instanceof HostKeyMismatchError) {
            return { kind: 'other', cause: error.message, fix: '', unreachable: true };
        }
        return describeEngineError(error, {
            address: this.endpoint.address,
            port: this.endpoint.port,
            tls: isSshEndpoint(this.endpoint) ? undefined : this.endpoint.tls,
            powerState: this.options.powerState?.(),
            timeoutMs: this.timeoutMs,
        });
    }

    toEngineError(error: unknown): EngineError {
        return error instanceof EngineError ? error : new EngineError(this.describe(error), { cause: error });
    }

    /** Ends every call and stream in flight, and closes the pooled connections. */
    dispose(): void {
        if (this.disposed) {
            return;
        }
        this.disposed = true;
        const reason = abortError(`The connection to ${this.address} was closed.`);
        for (const controller of this.inflight) {
            controller.abort(reason);
        }
        this.inflight.clear();
        this.agent.destroy();
        if (isSshEndpoint(this.endpoint)) {
            this.endpoint.ssh.dispose();
        }
    }

    private dockerode(): Dockerode {
        if (!this.docker) {
            const { Dockerode: DockerodeClass } = loadDockerode();
            const endpoint = this.endpoint;
            // Over SSH the HTTP goes in clear through the encrypted channel (see sshRequestHost).
            const transport = isSshEndpoint(endpoint)
                ? { protocol: 'http' as const, host: sshRequestHost, port: 80 }
                : { protocol: 'https' as const, host: endpoint.address, port: endpoint.port, ca: endpoint.tls.ca, cert: endpoint.tls.cert, key: endpoint.tls.key };
            const options: Dockerode.DockerOptions & { agent: http.Agent; pathPrefix: string } = {
                ...transport,
                agent: this.agent,
                // The modem fills gaps from DOCKER_* variables; leave it none to fill.
                pathPrefix: '/',
                timeout: undefined,
                version: undefined,
                socketPath: undefined,
            };
            const docker = new DockerodeClass(options);
            const modem = docker.modem;
            const dial = modem.dial.bind(modem);
            modem.dial = (dialOptions, callback) => {
                const signal = this.current.getStore();
                if (signal && !dialOptions.abortSignal) {
                    dialOptions.abortSignal = signal;
                }
                this.options.onRequest?.(dialOptions.method ?? 'GET', dialOptions.path);
                // The query can name a registry's image and filters, and X-Registry-Auth is a header: log the path only.
                this.options.log?.trace(`Docker engine ${this.address}: ${dialOptions.method ?? 'GET'} ${(dialOptions.path ?? '').split('?')[0]}`);
                dial(dialOptions, callback);
            };
            this.docker = docker;
        }
        return this.docker;
    }

    private async perform<T>(what: string, run: (docker: Dockerode, signal: AbortSignal) => Promise<T>, options: CallOptions | undefined, keepOpen: boolean): Promise<T> {
        if (this.disposed) {
            throw abortError(`The connection to ${this.address} was closed.`);
        }
        const callerSignal = options?.signal;
        callerSignal?.throwIfAborted();
        const controller = new AbortController();
        const signal = controller.signal;
        this.inflight.add(controller);
        const timeoutMs = options?.timeoutMs ?? this.timeoutMs;
        const timer = setTimeout(() => controller.abort(new EngineTimeoutError(timeoutMs, what)), timeoutMs);
        const onCallerAbort = () => controller.abort(callerSignal?.reason);
        callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
        const release = () => {
            clearTimeout(timer);
            callerSignal?.removeEventListener('abort', onCallerAbort);
            this.inflight.delete(controller);
        };
        // The race guarantees the limit even if a request somehow ignores the signal.
        const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
        aborted.catch(() => undefined);
        const started = performance.now();
        try {
            const docker = this.dockerode();
            const result = await Promise.race([this.current.run(signal, () => run(docker, signal)), aborted]);
            this.options.log?.trace(`Docker engine ${this.address}: "${what}" took ${Math.round(performance.now() - started)} ms.`);
            if (keepOpen) {
                clearTimeout(timer);
                (result as Closable).once('close', release);
                // An upgraded socket (exec) no longer belongs to the request: end it ourselves.
                signal.addEventListener('abort', () => (result as { destroy?: (error?: Error) => void }).destroy?.(), { once: true });
            } else {
                release();
            }
            return result;
        } catch (error) {
            release();
            if (signal.aborted && !(signal.reason instanceof EngineTimeoutError)) {
                throw signal.reason;
            }
            const failure = this.toEngineError(signal.aborted ? signal.reason : error);
            this.options.log?.error(`Docker engine ${this.address}: "${what}" failed after ${Math.round(performance.now() - started)} ms. ${failure.message}`);
            throw failure;
        }
    }
}
