// A swarm's tree follows events, not a timer: the manager's node and service events, and each
// node's events for the containers of its tasks (the Engine API has no task events, so a task
// starting on a worker is heard from that worker's engine).
import { scopeOfEvent, watchEngineEvents, type ChangeReason, type EngineEvent, type EngineEventsWatcher, type EventSelection, type EventsStatus } from './events';
import { readSwarmOf, type SwarmMemberEngine, type SwarmReading } from './swarmRows';

export type SwarmScope = 'node' | 'service' | 'task';

const taskLabel = 'com.docker.swarm.task.id';

/** Node and service events change the swarm; so does a task's container starting, dying or going. */
export function swarmScopeOfEvent(event: EngineEvent): SwarmScope | undefined {
    if (event.Type === 'node' || event.Type === 'service') {
        return event.Type;
    }
    return event.Actor?.Attributes?.[taskLabel] && scopeOfEvent(event) === 'container' ? 'task' : undefined;
}

export const swarmEventSelection: EventSelection<SwarmScope> = { filters: { type: ['node', 'service', 'container'] }, classify: swarmScopeOfEvent };

/**
 * What a task container's event says the manager will soon report: a node's engine starts the
 * container before its agent tells the manager, so the manager may still say "starting".
 */
export function taskStateOfEvent(event: EngineEvent): { taskId: string; running: boolean } | undefined {
    const taskId = event.Actor?.Attributes?.[taskLabel];
    if (!taskId || event.Type !== 'container') {
        return undefined;
    }
    if (event.Action === 'start') {
        return { taskId, running: true };
    }
    return event.Action === 'die' ? { taskId, running: false } : undefined;
}

/** Task ids whose state in the reading is still not what their nodes' events said. */
export function lagging(expected: ReadonlyMap<string, boolean>, reading: SwarmReading): string[] {
    const running = new Map(reading.snapshot.services.flatMap((s) => s.tasks.map((t) => [t.taskId, t.running] as const)));
    return [...expected].filter(([taskId, wanted]) => (running.get(taskId) ?? false) !== wanted).map(([taskId]) => taskId);
}

export interface SwarmWatcherOptions {
    /** Each new reading of the swarm, from its manager. */
    readonly onReading: (reading: SwarmReading) => void;
    /** A reading that failed (no manager answered…); the next event or reconnect reads again. */
    readonly onError: (error: unknown) => void;
    readonly onStatus?: (node: string, status: EventsStatus) => void;
    /** Each batch of changes heard from a node, before the read it causes (for the log). */
    readonly onChange?: (node: string, reason: ChangeReason<SwarmScope>) => void;
    /** Read at once, not only on the first change (the swarm was not watched for a while). */
    readonly readFirst?: boolean;
    /** After a task's container event, re-read this often while the manager's view lags behind it; default 100 ms. */
    readonly catchUpStepMs?: number;
    /** … for at most this long after the event; default 5 s. */
    readonly catchUpForMs?: number;
    /** Passed to each node's event stream. */
    readonly coalesceMs?: number;
}

export interface SwarmWatcher {
    /** Skips every stream's backoff wait. */
    reconnectNow(): void;
    dispose(): void;
}

/**
 * One event stream per node (the manager's node and service events, every node's task
 * containers); any change reads the swarm again from a manager, one read at a time, the last
 * change always followed by a read. Nothing is sent while nothing changes, except that a node's
 * task event the manager has not caught up with yet is re-read shortly, for a bounded time.
 */
export function watchSwarm(swarmName: string, members: readonly SwarmMemberEngine[], options: SwarmWatcherOptions): SwarmWatcher {
    return new SwarmEventsWatcher(swarmName, members, options);
}

class SwarmEventsWatcher implements SwarmWatcher {
    private disposed = false;
    private readonly controller = new AbortController();
    private readonly streams: EngineEventsWatcher[] = [];
    private inFlight = false;
    private again = false;
    /** Task id → running, as its node's engine last said, and until when to wait for the manager to agree. */
    private readonly expected = new Map<string, { running: boolean; until: number }>();
    private catchUpTimer: NodeJS.Timeout | undefined;
    private readonly catchUpStepMs: number;
    private readonly catchUpForMs: number;

    constructor(private readonly swarmName: string, private readonly members: readonly SwarmMemberEngine[], private readonly options: SwarmWatcherOptions) {
        this.catchUpStepMs = options.catchUpStepMs ?? 100;
        this.catchUpForMs = options.catchUpForMs ?? 5000;
        if (options.readFirst) {
            this.read();
        }
        for (const member of members) {
            void this.watch(member);
        }
    }

    private async watch(member: SwarmMemberEngine): Promise<void> {
        let client;
        try {
            client = await member.getClient();
        } catch {
            return; // No address or certificate here: the manager's reading names the node as not answering.
        }
        if (this.disposed) {
            return;
        }
        this.streams.push(watchEngineEvents(client, {
            selection: swarmEventSelection,
            coalesceMs: this.options.coalesceMs,
            onEvent: (event) => {
                const task = taskStateOfEvent(event);
                if (task) {
                    this.expected.set(task.taskId, { running: task.running, until: Date.now() + this.catchUpForMs });
                }
            },
            onChange: (reason) => {
                this.options.onChange?.(member.host.name, reason);
                this.read();
            },
            onStatus: (status) => this.options.onStatus?.(member.host.name, status),
        }));
    }

    /** One read at a time; a change during a read is followed by one more. */
    private read(): void {
        if (this.disposed) {
            return;
        }
        if (this.inFlight) {
            this.again = true;
            return;
        }
        this.inFlight = true;
        clearTimeout(this.catchUpTimer);
        readSwarmOf(this.swarmName, this.members, this.controller.signal)
            .then(
                (reading) => {
                    if (!this.disposed) {
                        this.options.onReading(reading);
                        this.catchUp(reading);
                    }
                },
                (error: unknown) => !this.disposed && this.options.onError(error),
            )
            .finally(() => {
                this.inFlight = false;
                if (this.again) {
                    this.again = false;
                    this.read();
                }
            });
    }

    private catchUp(reading: SwarmReading): void {
        const now = Date.now();
        const behind = new Set(lagging(new Map([...this.expected].map(([id, e]) => [id, e.running])), reading));
        for (const [taskId, e] of this.expected) {
            if (!behind.has(taskId) || e.until < now) {
                this.expected.delete(taskId);
            }
        }
        if (this.expected.size > 0) {
            this.catchUpTimer = setTimeout(() => this.read(), this.catchUpStepMs);
        }
    }

    reconnectNow(): void {
        this.streams.forEach((s) => s.reconnectNow());
    }

    dispose(): void {
        this.disposed = true;
        this.controller.abort();
        clearTimeout(this.catchUpTimer);
        this.streams.forEach((s) => s.dispose());
        this.streams.length = 0;
    }
}
