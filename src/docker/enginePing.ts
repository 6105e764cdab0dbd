import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { HostKeyMismatchError } from '../ssh/hostKeys';
import { SshDockerAgent, sshRequestHost } from '../ssh/sshDockerAgent';
import type { SharedSshConnection } from '../ssh/sharedSshConnection';
import type { ClientMaterial } from '../tls/storage';

export interface EngineEndpoint {
    readonly address: string;
    readonly port: number;
    readonly tls: ClientMaterial;
}

/** An SSH-only host's engine: its unix socket on the VM, through the host's one SSH connection (port 22). */
export interface SshEngineEndpoint {
    readonly address: string;
    readonly port: number;
    readonly ssh: SharedSshConnection;
}

export type AnyEngineEndpoint = EngineEndpoint | SshEngineEndpoint;

export function isSshEndpoint(endpoint: AnyEngineEndpoint): endpoint is SshEngineEndpoint {
    return 'ssh' in endpoint;
}

/** One GET /_ping, over TLS or through the host's SSH connection. Resolves when the engine answers OK; rejects with the reason otherwise. */
export function pingEngine(endpoint: AnyEngineEndpoint, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const sshAgent = isSshEndpoint(endpoint) ? new SshDockerAgent(() => endpoint.ssh.get()) : undefined;
    return new Promise<void>((resolve, reject) => {
        const common = { path: '/_ping', method: 'GET', timeout: timeoutMs, signal };
        const onResponse = (res: IncomingMessage) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`the engine answered HTTP ${res.statusCode}`))));
        };
        const req = isSshEndpoint(endpoint)
            ? httpRequest({ ...common, host: sshRequestHost, port: 80, agent: sshAgent }, onResponse)
            : request({ ...common, host: endpoint.address, port: endpoint.port, ca: endpoint.tls.ca, cert: endpoint.tls.cert, key: endpoint.tls.key, agent: false }, onResponse);
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end();
    }).finally(() => sshAgent?.destroy());
}

const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });

export interface WaitOptions {
    readonly overallTimeoutMs: number;
    readonly signal?: AbortSignal;
    /** Longest pause between tries. */
    readonly maxBackoffMs?: number;
}

/**
 * Pings until the engine answers (over TLS with the saved client certificate, or over SSH), backing
 * off to at most 2 s between tries. On timeout the error says what was tried and the last failure;
 * a host key that does not match the pinned one ends the wait at once.
 */
export async function waitForEngine(endpoint: AnyEngineEndpoint, options: WaitOptions): Promise<{ tries: number }> {
    const deadline = Date.now() + options.overallTimeoutMs;
    const maxBackoff = options.maxBackoffMs ?? 2000;
    let backoff = 100;
    let tries = 0;
    let last: unknown;
    for (;;) {
        options.signal?.throwIfAborted();
        tries++;
        try {
            await pingEngine(endpoint, Math.max(500, Math.min(5000, deadline - Date.now())), options.signal);
            return { tries };
        } catch (error) {
            options.signal?.throwIfAborted();
            if (error instanceof HostKeyMismatchError) {
                throw error;
            }
            last = error;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
            const reason = last instanceof Error ? last.message : String(last);
            const how = isSshEndpoint(endpoint) ? `on its unix socket, over SSH to ${endpoint.address}:${endpoint.port},` : `at tcp://${endpoint.address}:${endpoint.port}`;
            throw new Error(
                `The Docker engine ${how} did not answer ${isSshEndpoint(endpoint) ? 'a' : 'a TLS'} /_ping within ${Math.round(options.overallTimeoutMs / 1000)} s (${tries} tries; last error: ${reason}).`,
            );
        }
        await sleep(Math.min(backoff, remaining), options.signal);
        backoff = Math.min(backoff * 2, maxBackoff);
    }
}
