import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ArmClients } from '../armClients';
import { collect } from '../discovery';
import type { RollbackReport } from '../provisioning/graph';
import { rollback } from '../provisioning/rollback';
import { parseResourceId } from '../resourceId';
import { dockerTag, provisioningTag } from '../tags';
import { hostDir } from '../../host/hostFiles';
import { resourceNames, type CreateHostPlan } from './plan';
import type { RunJournal, RunRecord } from './runJournal';
import { RunResources, runResourceOrder } from './runResources';

export interface TaggedResource {
    readonly id: string;
    readonly type: string;
    readonly name: string;
}

/** A create that did not finish: what of it is in Azure now, and what the journal knows. */
export interface UnfinishedRun {
    readonly runId: string;
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    /** The host it was creating: from the journal, or read off its resources' names. */
    readonly name: string;
    /** Resources carrying the run's tag now (child resources such as extensions go with their parent). */
    readonly resources: readonly TaggedResource[];
    /** The resource group carries the run's tag: the run created it. */
    readonly ownsGroup: boolean;
    /** The journal's record, when this machine ran it. */
    readonly record?: RunRecord;
}

const suffixes = /-(vnet|nsg|ip|nic|osdisk)$/i;

function isChild(type: string): boolean {
    return type.split('/').length > 2;
}

/** What carries a run tag in one subscription: resources (children too) and resource groups. */
export interface TaggedInventory {
    readonly resources: readonly TaggedRow[];
    readonly groups: readonly TaggedRow[];
}

/** A tagged resource or group as ARM's list or Resource Graph returns it. */
export interface TaggedRow {
    readonly id?: string;
    readonly type?: string;
    readonly name?: string;
    readonly tags?: Record<string, string>;
}

/** The subscription's resources and groups that carry a run tag, through ARM's tag filter. */
export async function listTaggedResources(clients: ArmClients, signal?: AbortSignal): Promise<TaggedInventory> {
    const options = { filter: `tagName eq '${provisioningTag}'`, abortSignal: signal };
    const [resources, groups] = await Promise.all([collect(clients.resources.resources.list(options)), collect(clients.resources.resourceGroups.list(options))]);
    return { resources, groups };
}

/**
 * The unfinished runs in a subscription: those the journal says were interrupted or left
 * incomplete, and those whose resources carry a run tag (ARM's tag filter) with no finished host
 * behind them, from a journal that is gone or another machine. A run still in progress in a live
 * process, and a run the user chose to keep, are left out.
 */
export async function findUnfinishedRuns(clients: ArmClients, subscriptionId: string, journal: RunJournal, signal?: AbortSignal): Promise<UnfinishedRun[]> {
    return unfinishedRunsFrom(await listTaggedResources(clients, signal), subscriptionId, journal);
}

/** The unfinished runs among what carries a run tag (from ARM or Resource Graph), with the journal's verdicts. */
export async function unfinishedRunsFrom(tagged: TaggedInventory, subscriptionId: string, journal: RunJournal): Promise<UnfinishedRun[]> {
    const byRun = new Map<string, { resources: TaggedResource[]; groups: string[]; isHost: boolean }>();
    const entry = (runId: string) => byRun.get(runId) ?? byRun.set(runId, { resources: [], groups: [], isHost: false }).get(runId)!;
    for (const r of tagged.resources) {
        const runId = r.tags?.[provisioningTag];
        if (runId && r.id && r.type && r.name) {
            const run = entry(runId);
            run.isHost ||= r.type.toLowerCase() === 'microsoft.compute/virtualmachines' && r.tags?.[dockerTag] !== undefined;
            if (!isChild(r.type)) {
                run.resources.push({ id: r.id, type: r.type, name: r.name });
            }
        }
    }
    for (const g of tagged.groups) {
        const runId = g.tags?.[provisioningTag];
        if (runId && g.name) {
            entry(runId).groups.push(g.name);
        }
    }
    const records = new Map((await journal.list()).map((r) => [r.runId, r]));
    const interrupted = new Set((await journal.unfinished(subscriptionId)).map((r) => r.runId));
    const runIds = new Set([...byRun.keys(), ...interrupted]);
    const found: UnfinishedRun[] = [];
    for (const runId of runIds) {
        const record = records.get(runId);
        const inAzure = byRun.get(runId) ?? { resources: [], groups: [], isHost: false };
        // Known to the journal: only its verdict counts. Unknown: a Docker host VM means it finished.
        const unfinished = record ? interrupted.has(runId) : !inAzure.isHost && (inAzure.resources.length > 0 || inAzure.groups.length > 0);
        if (!unfinished) {
            continue;
        }
        const first = inAzure.resources[0];
        const resourceGroup = record?.resourceGroup ?? (first ? parseResourceId(first.id).resourceGroup : inAzure.groups[0]);
        const vm = inAzure.resources.find((r) => r.type.toLowerCase() === 'microsoft.compute/virtualmachines');
        const name = record?.name ?? vm?.name ?? first?.name.replace(suffixes, '') ?? resourceGroup.replace(/-rg$/i, '');
        found.push({
            runId,
            subscriptionId,
            resourceGroup,
            name,
            resources: inAzure.resources,
            ownsGroup: inAzure.groups.some((g) => g.toLowerCase() === resourceGroup.toLowerCase()),
            record,
        });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Resources to delete, counting the group the run created. */
export function unfinishedResourceCount(run: UnfinishedRun): number {
    return run.resources.length + (run.ownsGroup ? 1 : 0);
}

export interface CleanUpOptions {
    readonly signal?: AbortSignal;
    readonly pollIntervalMs?: number;
    /** The extension's global storage folder, where the run's staging folder is. */
    readonly storageRoot: string;
    readonly onProgress?: (label: string, phase: 'start' | 'end' | 'fail') => void;
}

/**
 * Deletes every resource that carries the run's tag (found again by tag, each re-read before its
 * delete), in reverse dependency order, or the group alone when the run created it and holds only
 * its resources. Then, if nothing is left, its local files: the staging folder and a key pair
 * generated for it, and the journal's record.
 */
export async function cleanUpRun(clients: ArmClients, run: UnfinishedRun, journal: RunJournal, options: CleanUpOptions): Promise<RollbackReport> {
    const plan = {
        subscriptionId: run.subscriptionId,
        resourceGroup: run.resourceGroup,
        name: run.name,
        provisioningId: run.runId,
        createResourceGroup: run.ownsGroup,
    } as CreateHostPlan;
    const owned = new RunResources(plan, { clients, pollIntervalMs: options.pollIntervalMs });
    const signal = options.signal ?? new AbortController().signal;
    const found = await owned.find(signal);
    const report = await rollback(runResourceOrder, found, signal, (event) => {
        const phase = event.type === 'rollbackStart' ? 'start' : event.type === 'rollbackEnd' ? 'end' : 'fail';
        options.onProgress?.(event.label, phase);
    }, () => performance.now());
    if (report.failedToDelete.length > 0) {
        return report;
    }
    const staging = await stagingFolders(options.storageRoot, run);
    const key = run.record?.generatedSshKey;
    await Promise.all([
        ...staging.map((dir) => rm(dir, { recursive: true, force: true })),
        ...(key ? [rm(key, { force: true }), rm(`${key}.pub`, { force: true })] : []),
    ]);
    await journal.forget(run.runId);
    return report;
}

/** The journal's staging folder, and any `*.creating-<run id>` folder beside where the host's would be. */
async function stagingFolders(storageRoot: string, run: UnfinishedRun): Promise<string[]> {
    const parent = dirname(hostDir(storageRoot, run));
    const suffix = `.creating-${run.runId}`;
    const beside = await readdir(parent).then((names) => names.filter((n) => n.endsWith(suffix)).map((n) => join(parent, n)), () => []);
    return [...new Set([...(run.record ? [run.record.stagingDir] : []), ...beside])];
}

/** Keep: the run is no longer offered for clean-up; what it made stays. */
export async function keepRun(run: UnfinishedRun, journal: RunJournal): Promise<void> {
    const fallback: Omit<RunRecord, 'state'> = run.record ?? {
        runId: run.runId,
        subscriptionId: run.subscriptionId,
        resourceGroup: run.resourceGroup,
        createResourceGroup: run.ownsGroup,
        name: run.name,
        location: '',
        names: resourceNames(run),
        stagingDir: '',
        pid: 0,
        startedAt: new Date().toISOString(),
        resources: run.resources.map((r) => ({ id: r.id, kind: r.type })),
    };
    await journal.setState(run.runId, 'kept', fallback);
}
