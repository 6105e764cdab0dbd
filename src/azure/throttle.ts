import type { AbortSignalLike } from '@azure/abort-controller';
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';

/** Parallel ARM reads per tenant: enough to hide latency, few enough not to trip ARM's throttling. */
export const defaultMaxParallel = 8;

/** Below this many remaining reads (ARM's x-ms-ratelimit-remaining-*-reads), requests go one at a time. */
const lowWater = 2 * defaultMaxParallel;

/** Milliseconds a throttled response asks the caller to wait, from the headers ARM and Resource Graph send. */
export function retryAfterMs(headers: { get(name: string): string | undefined }, now: number): number | undefined {
    for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
        const ms = Number(headers.get(name));
        if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0) {
            return ms;
        }
    }
    const value = headers.get('retry-after');
    if (value === undefined) {
        return undefined;
    }
    const seconds = Number(value);
    if (Number.isFinite(seconds)) {
        return Math.max(0, seconds * 1000);
    }
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `hh:mm:ss`, as Resource Graph's x-ms-user-quota-resets-after says when its quota refills. */
function durationMs(value: string | undefined): number | undefined {
    const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value?.trim() ?? '');
    return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : undefined;
}

/** The fewest reads any of ARM's quota headers says are left, or undefined when none says. */
export function remainingReads(headers: { get(name: string): string | undefined }, names: Iterable<string>): number | undefined {
    let least: number | undefined;
    for (const name of names) {
        if (/^x-ms-ratelimit-remaining-.*reads$/.test(name)) {
            const n = Number(headers.get(name));
            if (Number.isFinite(n)) {
                least = least === undefined ? n : Math.min(least, n);
            }
        }
    }
    return least;
}

function abortError(): Error {
    const error = new Error('The operation was aborted.');
    error.name = 'AbortError';
    return error;
}

function sleep(ms: number, signal?: AbortSignalLike): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(abortError());
            return;
        }
        const done = () => {
            signal?.removeEventListener('abort', abort);
            resolve();
        };
        const timer = setTimeout(done, ms);
        const abort = () => {
            clearTimeout(timer);
            reject(abortError());
        };
        signal?.addEventListener('abort', abort, { once: true });
    });
}

/**
 * One tenant's share of ARM: at most `maxParallel` requests in flight; after a 429 or 503 with
 * Retry-After, no request of the tenant starts until that time; while ARM's
 * x-ms-ratelimit-remaining-*-reads runs low, one request at a time; when Resource Graph's
 * x-ms-user-quota-remaining reaches 0, none until its x-ms-user-quota-resets-after.
 */
export class TenantThrottle {
    private active = 0;
    private readonly queue: (() => void)[] = [];
    private pausedUntil = 0;
    private limit: number;
    /** The most requests that were in flight at once. */
    peak = 0;

    constructor(readonly maxParallel = defaultMaxParallel) {
        this.limit = maxParallel;
    }

    async run<T>(signal: AbortSignalLike | undefined, send: () => Promise<T>): Promise<T> {
        for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
            await sleep(wait, signal);
        }
        if (this.active < this.limit && this.queue.length === 0) {
            this.active++;
        } else {
            // next() hands the slot over, already counted.
            await new Promise<void>((resolve) => this.queue.push(resolve));
        }
        this.peak = Math.max(this.peak, this.active);
        try {
            return await send();
        } finally {
            this.active--;
            this.next();
        }
    }

    /** Reads what the response says about the tenant's quota. */
    observe(response: PipelineResponse): void {
        const headers = response.headers;
        const now = Date.now();
        if (response.status === 429 || response.status === 503) {
            const ms = retryAfterMs(headers, now);
            if (ms !== undefined) {
                this.pausedUntil = Math.max(this.pausedUntil, now + ms);
            }
        }
        const remaining = remainingReads(headers, [...headers].map(([name]) => name.toLowerCase()));
        if (remaining !== undefined) {
            this.limit = remaining < lowWater ? 1 : this.maxParallel;
        }
        const resetMs = durationMs(headers.get('x-ms-user-quota-resets-after'));
        if (Number(headers.get('x-ms-user-quota-remaining') ?? 1) <= 0 && resetMs !== undefined) {
            this.pausedUntil = Math.max(this.pausedUntil, now + resetMs);
        }
        this.next();
    }

    private next(): void {
        while (this.queue.length > 0 && this.active < this.limit) {
            this.active++;
            this.queue.shift()!();
        }
    }

    /** A pipeline policy (per retry) that sends each attempt through this throttle. */
    policy(): PipelinePolicy {
        return {
            name: 'azureDockerHostsTenantThrottle',
            sendRequest: (request: PipelineRequest, next: SendRequest) => this.run(request.abortSignal, async () => {
                const response = await next(request);
                this.observe(response);
                return response;
            }),
        };
    }
}
