import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resourceNames, type CreateHostPlan } from './plan';

/**
 * running: the run is (or was, if its process is gone) creating resources.
 * incomplete: it ended, but its rollback could not delete everything.
 * finished: the host exists, or everything the run made is deleted again.
 * kept: the user chose to keep what an unfinished run left.
 */
export type RunState = 'running' | 'incomplete' | 'finished' | 'kept';

/** What the journal knows of one create run. Holds no secret. */
export interface RunRecord {
    readonly runId: string;
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly createResourceGroup: boolean;
    readonly name: string;
    readonly location: string;
    readonly names: ReturnType<typeof resourceNames>;
    /** The run's local folder (TLS material) until the host exists. */
    readonly stagingDir: string;
    /** An SSH key pair generated for this run, deleted with it. */
    readonly generatedSshKey?: string;
    /** The process that ran it: a run whose process is gone was interrupted. */
    readonly pid: number;
    readonly startedAt: string;
    readonly state: RunState;
    /** Each resource as ARM accepted its PUT. */
    readonly resources: readonly { id: string; kind: string }[];
}

/** The journal in the extension's global storage folder. */
export function journalIn(storageRoot: string): RunJournal {
    return new RunJournal(join(storageRoot, 'runs'));
}

/** Runs of this process still in progress: their records say running, and they are. */
const active = new Set<string>();

function processAlive(pid: number): boolean {
    if (!(pid > 0)) {
        return false;
    }
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        // EPERM: it exists but belongs to someone else.
        return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
}

/**
 * A record per create run in `<global storage>/runs/<run id>.json`, each write atomic (a temporary
 * file renamed over it), so a crash at any moment leaves the last complete record.
 */
export class RunJournal {
    constructor(readonly root: string) {}

    private file(runId: string): string {
        return join(this.root, `${runId.replace(/[^\w.-]/g, '_')}.json`);
    }

    private async write(record: RunRecord): Promise<void> {
        await mkdir(this.root, { recursive: true, mode: 0o700 });
        const file = this.file(record.runId);
        const temporary = `${file}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
        await rename(temporary, file);
    }

    async read(runId: string): Promise<RunRecord | undefined> {
        try {
            return JSON.parse(await readFile(this.file(runId), 'utf8')) as RunRecord;
        } catch {
            return undefined;
        }
    }

    async list(): Promise<RunRecord[]> {
        let files: string[];
        try {
            files = (await readdir(this.root)).filter((f) => f.endsWith('.json'));
        } catch {
            return [];
        }
        const records = await Promise.all(files.map((f) => this.read(f.slice(0, -'.json'.length))));
        return records.filter((r): r is RunRecord => r !== undefined);
    }

    /** Runs that ended without finishing: interrupted (their process is gone) or left incomplete. */
    async unfinished(subscriptionId?: string): Promise<RunRecord[]> {
        return (await this.list()).filter((r) =>
            (subscriptionId === undefined || r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
            && (r.state === 'incomplete' || (r.state === 'running' && !active.has(r.runId) && (r.pid === process.pid || !processAlive(r.pid)))));
    }

    /** Removes a run's record: it is over, and nothing of it is left. */
    async forget(runId: string): Promise<void> {
        await rm(this.file(runId), { force: true });
    }

    async setState(runId: string, state: RunState, fallback?: Omit<RunRecord, 'state'>): Promise<void> {
        const record = (await this.read(runId)) ?? fallback;
        if (record) {
            await this.write({ ...record, state });
        }
    }

    /** Starts the record of a run before it writes anything, in Azure or locally. */
    async start(plan: CreateHostPlan, stagingDir: string, generatedSshKey?: string): Promise<RunEntry> {
        const record: RunRecord = {
            runId: plan.provisioningId,
            subscriptionId: plan.subscriptionId,
            resourceGroup: plan.resourceGroup,
            createResourceGroup: plan.createResourceGroup,
            name: plan.name,
            location: plan.location,
            names: resourceNames(plan),
            stagingDir,
            generatedSshKey,
            pid: process.pid,
            startedAt: new Date().toISOString(),
            state: 'running',
            resources: [],
        };
        active.add(record.runId);
        await this.write(record);
        return new RunEntry(record, (r) => this.write(r), (id) => this.forget(id));
    }
}

/** The record of the run in progress; writes are queued so they land in order. */
export class RunEntry {
    private queue: Promise<void> = Promise.resolve();

    constructor(private record: RunRecord, private readonly store: (record: RunRecord) => Promise<void>, private readonly remove: (runId: string) => Promise<void>) {}

    private update(change: Partial<RunRecord>): Promise<void> {
        this.record = { ...this.record, ...change };
        const record = this.record;
        // A failed write must not stop later ones; the search by tag still finds what it missed.
        this.queue = this.queue.then(() => this.store(record)).catch(() => undefined);
        return this.queue;
    }

    /** A resource ARM accepted; recorded without waiting, so the run is not slowed. */
    accepted(resource: { id: string; kind: string }): void {
        void this.update({ resources: [...this.record.resources, { id: resource.id, kind: resource.kind }] });
    }

    /** The run ended: finished (its record goes) when nothing of it is left over, otherwise incomplete. */
    async end(state: Extract<RunState, 'finished' | 'incomplete'>): Promise<void> {
        if (state === 'finished') {
            await this.queue;
            await this.remove(this.record.runId);
        } else {
            await this.update({ state });
        }
        active.delete(this.record.runId);
    }
}
