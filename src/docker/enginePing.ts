import { request } from 'node:https';
import type { ClientMaterial } from '../tls/storage';

export interface EngineEndpoint {
    readonly address: string;
    readonly port: number;
    readonly tls: ClientMaterial;
}

/** One TLS GET /_ping. Resolves when the engine answers OK; rejects with the reason otherwise. */
export function pingEngine(endpoint: EngineEndpoint, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        const req = request(
            {
                host: endpoint.address,
                port: endpoint.port,
                path: '/_ping',
                method: 'GET',
                ca: endpoint.tls.ca,
                cert: endpoint.tls.cert,
                key: endpoint.tls.key,
                timeout: timeoutMs,
                signal,
                agent: false,
            },
            (res) => {
                res.resume();
                res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`the engine answered HTTP ${res.statusCode}`))));
            },
        );
        req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        req.on('error', reject);
        req.end();
    });
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
 * Pings until the engine answers over TLS with the saved client certificate, backing off to at
 * most 2 s between tries. On timeout the error says what was tried and the last failure.
 */
export async function waitForEngine(endpoint: EngineEndpoint, options: WaitOptions): Promise<{ tries: number }> {
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
            last = error;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
            const reason = last instanceof Error ? last.message : String(last);
            throw new Error(
                `The Docker engine at tcp://${endpoint.address}:${endpoint.port} did not answer a TLS /_ping within ${Math.round(options.overallTimeoutMs / 1000)} s (${tries} tries; last error: ${reason}).`,
            );
        }
        await sleep(Math.min(backoff, remaining), options.signal);
        backoff = Math.min(backoff * 2, maxBackoff);
    }
}
