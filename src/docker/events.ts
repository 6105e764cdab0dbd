import type { EngineErrorDescription } from './describeEngineError';
import { isAbortError, type EngineClient } from './engineClient';
import { LineSplitter } from './lineSplitter';

export type EngineScope = 'container' | 'image' | 'volume' | 'network';

/** Why the host's subtree should refresh. After an outage or a poll, anything may have changed. */
export type ChangeReason<S extends string = EngineScope> =
    | { readonly cause: 'events'; readonly scopes: readonly S[]; readonly count: number }
    | { readonly cause: 'reconnected' }
    | { readonly cause: 'fallbackPoll' };

export type EventsStatus =
    | { readonly state: 'connecting' }
    | { readonly state: 'connected' }
    | { readonly state: 'reconnecting'; readonly attempt: number; readonly lastError: EngineErrorDescription; readonly retryInMs: number };

/** Which events one stream asks the engine for, and which part of the tree each one changes (undefined: none). */
export interface EventSelection<S extends string> {
    readonly filters: Readonly<Record<string, readonly string[]>>;
    readonly classify: (event: EngineEvent) => S | undefined;
}

export interface EngineEventsOptions<S extends string = EngineScope> {
    readonly onChange: (reason: ChangeReason<S>) => void;
    /** Default: a host's containers, images, volumes and networks. */
    readonly selection?: EventSelection<S>;
    /** Each event that counts, as it arrives, before coalescing. */
    readonly onEvent?: (event: EngineEvent, scope: S) => void;
    readonly onStatus?: (status: EventsStatus) => void;
    /**
     * A change after a quiet spell fires at once; what follows within this window is coalesced into
     * one change at its end. Default 250 ms.
     */
    readonly coalesceMs?: number;
    /** While changes keep coming, each window doubles up to this; default 500 ms. */
    readonly maxCoalesceMs?: number;
    /** Pause before reconnect attempt n (1, 2, …); default 0.5 s doubling to 30 s. */
    readonly backoff?: (attempt: number) => number;
    /** While the stream is down, a change fires this often; default 30 s. Never while connected. */
    readonly fallbackPollMs?: number;
}

export interface EngineEventsWatcher {
    readonly status: EventsStatus;
    /** Skips the current backoff wait (the host's Retry). */
    reconnectNow(): void;
    /** Ends the stream and every timer; no callback fires afterwards. */
    dispose(): void;
}

export function cappedExponentialBackoff(firstMs = 500, capMs = 30_000): (attempt: number) => number {
    return (attempt) => Math.min(capMs, firstMs * 2 ** Math.max(0, attempt - 1));
}

/** The fields of an Engine API event that the watchers read. */
export interface EngineEvent {
    Type?: string;
    Action?: string;
    Actor?: { ID?: string; Attributes?: Readonly<Record<string, string>> };
    /** When the engine emitted it, in nanoseconds since the epoch. */
    timeNano?: number;
}

const scopes: readonly EngineScope[] = ['container', 'image', 'volume', 'network'];
// Actions that change nothing the tree shows (an exec, an attach, a volume mounted by a start…).
const ignoredActions = new Set(['attach', 'detach', 'resize', 'top', 'export', 'copy', 'archive-path', 'extract-to-dir', 'mount', 'unmount']);

/** Whether one event should refresh the tree, and which part of it. */
export function scopeOfEvent(event: EngineEvent): EngineScope | undefined {
    const scope = scopes.find((s) => s === event.Type);
    const action = event.Action ?? '';
    if (!scope || action.startsWith('exec_') || ignoredActions.has(action)) {
        return undefined;
    }
    return scope;
}

/**
 * One /events stream for one host: reconnects by itself with capped backoff, fires on the leading
 * edge of a change and coalesces what follows, and polls slowly only while the stream is down.
 */
const hostSelection: EventSelection<EngineScope> = { filters: { type: [...scopes] }, classify: scopeOfEvent };

export function watchEngineEvents(client: EngineClient, options: EngineEventsOptions): EngineEventsWatcher;
export function watchEngineEvents<S extends string>(client: EngineClient, options: EngineEventsOptions<S> & { readonly selection: EventSelection<S> }): EngineEventsWatcher;
export function watchEngineEvents<S extends string>(client: EngineClient, options: EngineEventsOptions<S>): EngineEventsWatcher {
    return new EventsWatcher<S>(client, options, options.selection ?? (hostSelection as unknown as EventSelection<S>));
}

class EventsWatcher<S extends string> implements EngineEventsWatcher {
    status: EventsStatus = { state: 'connecting' };
    private disposed = false;
    private attempt = 0;
    private hadOutage = false;
    private controller: AbortController | undefined;
    private retryTimer: NodeJS.Timeout | undefined;
    private pollTimer: NodeJS.Timeout | undefined;
    private windowTimer: NodeJS.Timeout | undefined;
    private windowMs: number;
    private pending: Pending<S> | undefined;
    private readonly coalesceMs: number;
    private readonly maxCoalesceMs: number;
    private readonly backoff: (attempt: number) => number;
    private readonly fallbackPollMs: number;

    constructor(private readonly client: EngineClient, private readonly options: EngineEventsOptions<S>, private readonly selection: EventSelection<S>) {
        this.coalesceMs = options.coalesceMs ?? 250;
        this.maxCoalesceMs = Math.max(this.coalesceMs, options.maxCoalesceMs ?? 500);
        this.windowMs = this.coalesceMs;
        this.backoff = options.backoff ?? cappedExponentialBackoff();
        this.fallbackPollMs = options.fallbackPollMs ?? 30_000;
        this.connect();
    }

    reconnectNow(): void {
        if (!this.disposed && this.status.state === 'reconnecting') {
            clearTimeout(this.retryTimer);
            this.connect();
        }
    }

    dispose(): void {
        this.disposed = true;
        this.controller?.abort();
        clearTimeout(this.retryTimer);
        clearInterval(this.pollTimer);
        clearTimeout(this.windowTimer);
        this.pending = undefined;
    }

    private setStatus(status: EventsStatus): void {
        this.status = status;
        this.options.onStatus?.(status);
    }

    private connect(): void {
        const controller = new AbortController();
        this.controller = controller;
        this.client
            .stream('watch the engine events', (d) => d.getEvents({ filters: this.selection.filters as Record<string, string[]> }), { signal: controller.signal })
            .then(
                (stream) => (this.disposed || controller.signal.aborted ? stream.removeAllListeners() : this.connected(stream, controller)),
                (error: unknown) => this.dropped(error, controller),
            );
    }

    private connected(stream: NodeJS.ReadableStream, controller: AbortController): void {
        this.attempt = 0;
        clearInterval(this.pollTimer);
        this.pollTimer = undefined;
        this.setStatus({ state: 'connected' });
        if (this.hadOutage) {
            this.hadOutage = false;
            this.schedule('reconnected');
        }
        const lines = new LineSplitter();
        stream.on('data', (chunk: Buffer) => {
            for (const line of lines.push(chunk)) {
                let event: EngineEvent;
                try {
                    event = JSON.parse(line) as EngineEvent;
                } catch {
                    continue;
                }
                const scope = this.selection.classify(event);
                if (scope) {
                    this.options.onEvent?.(event, scope);
                    this.schedule(scope);
                }
            }
        });
        let over = false;
        const end = (error: unknown) => {
            if (!over) {
                over = true;
                this.dropped(error, controller);
            }
        };
        stream.on('error', end);
        stream.on('end', () => end(undefined));
        stream.on('close', () => end(undefined));
    }

    private dropped(error: unknown, controller: AbortController): void {
        if (this.disposed || controller !== this.controller || (controller.signal.aborted && isAbortError(error))) {
            return;
        }
        controller.abort(); // a half-dead response must not linger
        this.attempt++;
        this.hadOutage = true;
        const lastError: EngineErrorDescription = error === undefined
            ? { kind: 'other', cause: `The engine at ${this.client.address} closed its event stream (it may be restarting).`, fix: 'Wait; the stream reconnects by itself.', unreachable: true }
            : this.client.describe(error);
        const retryInMs = Math.max(0, this.backoff(this.attempt));
        this.pollTimer ??= setInterval(() => this.schedule('fallbackPoll'), this.fallbackPollMs);
        this.setStatus({ state: 'reconnecting', attempt: this.attempt, lastError, retryInMs });
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.connect(), retryInMs);
    }

    private schedule(what: S | 'reconnected' | 'fallbackPoll'): void {
        if (this.disposed) {
            return;
        }
        const pending = (this.pending ??= { scopes: new Set(), count: 0 });
        if (what === 'reconnected' || what === 'fallbackPoll') {
            pending.full = pending.full === 'reconnected' ? 'reconnected' : (what as 'reconnected' | 'fallbackPoll');
        } else {
            pending.scopes.add(what as S);
            pending.count++;
        }
        // Leading edge: the first change after a quiet window reaches the tree at once.
        if (!this.windowTimer) {
            this.flush();
        }
    }

    /**
     * Fires what is pending and opens a window in which later changes wait. A window that ends with
     * changes pending fires them and opens a longer one, so a storm costs a handful of refreshes,
     * and its last state still arrives; a window that ends quiet re-arms the leading edge.
     */
    private flush(): void {
        const batch = this.pending;
        this.pending = undefined;
        if (!batch) {
            this.windowTimer = undefined;
            this.windowMs = this.coalesceMs;
            return;
        }
        const windowMs = this.windowMs;
        this.windowMs = Math.min(this.maxCoalesceMs, this.windowMs * 2);
        this.windowTimer = setTimeout(() => this.flush(), windowMs);
        this.options.onChange(batch.full ? { cause: batch.full } : { cause: 'events', scopes: [...batch.scopes], count: batch.count });
    }
}

interface Pending<S extends string> {
    scopes: Set<S>;
    count: number;
    full?: 'reconnected' | 'fallbackPoll';
}
