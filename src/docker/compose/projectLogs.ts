// Every service's logs of a compose project as one stream: lines ordered by the engine's
// timestamps and prefixed by their service, followed live.
import type { EngineClient } from '../engineClient';
import { followLogs, type LogFollower, type LogSource } from '../logs';
import { projectContainers, type ProjectContainer } from './composeProject';

export interface ProjectLogLine {
    readonly service: string;
    /** The container, when a service runs more than one. */
    readonly container: string;
    readonly text: string;
    readonly source: LogSource;
}

/** RFC 3339 with a fraction of any length (Go trims trailing zeros) → a key that sorts as time does. */
export function timestampKey(stamp: string): string | undefined {
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(stamp);
    return m ? `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}` : undefined;
}

interface Held<T> {
    readonly key: string;
    readonly arrived: number;
    readonly seq: number;
    readonly item: T;
}

/**
 * Holds each item for `windowMs` after it arrives, then releases what is due in timestamp order.
 * Streams of different containers arrive independently; the window lets a slightly later line
 * with an earlier timestamp still take its place.
 */
export class TimeOrderedMerge<T> {
    private held: Held<T>[] = [];
    private seq = 0;

    constructor(private readonly windowMs: number, private readonly emit: (item: T) => void, private readonly now: () => number = Date.now) {}

    push(key: string, item: T): void {
        this.held.push({ key, arrived: this.now(), seq: this.seq++, item });
    }

    /** Releases the items held long enough (all of them with `all`); true when some are still held. */
    release(all = false): boolean {
        const cutoff = this.now() - this.windowMs;
        const due = all ? this.held : this.held.filter((h) => h.arrived <= cutoff);
        if (due.length) {
            this.held = all ? [] : this.held.filter((h) => h.arrived > cutoff);
            due.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.seq - b.seq)).forEach((h) => this.emit(h.item));
        }
        return this.held.length > 0;
    }
}

export interface ProjectLogsOptions {
    readonly onLine: (line: ProjectLogLine) => void;
    /** Lines of history per container before following; default 200. */
    readonly tail?: number;
    readonly signal?: AbortSignal;
    /** How long a line waits for earlier lines of other services; default 250 ms. */
    readonly windowMs?: number;
}

export interface ProjectLogs {
    readonly containers: readonly ProjectContainer[];
    stop(): void;
    /** Settles when every container's log has ended. */
    readonly ended: Promise<void>;
}

export async function followProjectLogs(client: EngineClient, project: string, options: ProjectLogsOptions): Promise<ProjectLogs> {
    const containers = await projectContainers(client, project, { signal: options.signal });
    const merge = new TimeOrderedMerge<ProjectLogLine>(options.windowMs ?? 250, options.onLine);
    let timer: NodeJS.Timeout | undefined;
    const schedule = () => {
        timer ??= setTimeout(() => {
            timer = undefined;
            if (merge.release()) {
                schedule();
            }
        }, options.windowMs ?? 250);
    };
    const followers: LogFollower[] = [];
    // Nothing is released before every container's log is attached, so the first histories merge
    // in time order and the caller knows the services (to align their names) before the first line.
    let attached = false;
    try {
        for (const c of containers) {
            let lastKey = '';
            followers.push(await followLogs(client, c.id, {
                tail: options.tail ?? 200,
                timestamps: true,
                signal: options.signal,
                onLine: (line, source) => {
                    const space = line.indexOf(' ');
                    const key = source === 'notice' ? undefined : timestampKey(line.slice(0, space));
                    // Our own notices (the log ended) and untimed lines sort just after the line before them.
                    lastKey = key ?? lastKey;
                    merge.push(lastKey, { service: c.service, container: c.name, text: key ? line.slice(space + 1) : line, source });
                    if (attached) {
                        schedule();
                    }
                },
            }));
        }
    } catch (error) {
        followers.forEach((f) => f.stop());
        throw error;
    }
    attached = true;
    schedule();
    const ended = Promise.all(followers.map((f) => f.ended)).then(() => {
        clearTimeout(timer);
        merge.release(true);
    });
    return { containers, stop: () => followers.forEach((f) => f.stop()), ended };
}
