import {
    CreatedResource,
    ExecutionResult,
    ProvisioningEvent,
    ProvisioningNode,
    validateGraph,
} from './graph';
import { rollback, RecordedResource } from './rollback';

export interface ExecuteOptions {
    /** The user's cancel. */
    signal?: AbortSignal;
    onEvent?(event: ProvisioningEvent): void;
    /** For the deletes of a rollback. Not the user's signal: the cancel must not stop the cleanup it caused. */
    rollbackSignal?: AbortSignal;
    /** Clock in milliseconds; tests pass a fake one. */
    now?(): number;
    /**
     * Finds, at rollback, resources of this run that were never recorded (a write whose response
     * was lost); they are rolled back with the recorded ones. A failure here is reported, not thrown.
     */
    discover?(signal: AbortSignal): Promise<RecordedResource[]>;
    /** Told of each resource the moment it is recorded (the create's journal keeps them). */
    onRecord?(resource: CreatedResource): void;
}

/**
 * Runs every node as soon as all its dependencies have succeeded. On the first failure or on
 * cancel, it starts nothing more, aborts the nodes still running and waits for them to settle,
 * then deletes exactly what this run recorded (see rollback.ts). Throws only for an invalid graph,
 * before running anything.
 */
export async function executeGraph(nodes: readonly ProvisioningNode[], options: ExecuteOptions = {}): Promise<ExecutionResult> {
    validateGraph(nodes);
    const now = options.now ?? (() => performance.now());
    const t0 = now();
    const emit = (event: Omit<ProvisioningEvent, 'at'>): void => {
        try {
            options.onEvent?.({ ...event, at: now() - t0 });
        } catch {
            // A broken progress listener must not break provisioning or its cleanup.
        }
    };

    const controller = new AbortController();
    const outputs = new Map<string, unknown>();
    const recorded: RecordedResource[] = [];
    const recordedIds = new Set<string>();
    const started = new Set<string>();
    const succeeded = new Set<string>();
    const running = new Set<Promise<void>>();
    let failure: { error: unknown; cancelled: boolean; failedStep?: string } | undefined;

    const stop = (error: unknown, cancelled: boolean, failedStep?: string): void => {
        if (!failure) {
            failure = { error, cancelled, failedStep };
            controller.abort(error);
        }
    };
    const userSignal = options.signal;
    const onUserAbort = (): void => stop(userSignal?.reason, true);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    if (userSignal?.aborted) {
        onUserAbort();
    }

    const record = (nodeId: string, resource: CreatedResource): void => {
        // ARM ids compare case-insensitively; a listing may spell one differently from the PUT.
        const key = resource.id.toLowerCase();
        if (!recordedIds.has(key)) {
            recordedIds.add(key);
            recorded.push({ nodeId, resource });
            try {
                options.onRecord?.(resource);
            } catch {
                // Like a progress listener, a broken journal must not break provisioning.
            }
        }
    };

    const runNode = async (node: ProvisioningNode): Promise<void> => {
        const start = now();
        emit({ type: 'start', nodeId: node.id, label: node.label, ms: 0 });
        try {
            const result = await node.run({
                signal: controller.signal,
                outputs,
                record: (resource) => record(node.id, resource),
            });
            for (const resource of result?.created ?? []) {
                record(node.id, resource);
            }
            outputs.set(node.id, result?.output);
            succeeded.add(node.id);
            emit({ type: 'end', nodeId: node.id, label: node.label, ms: now() - start });
        } catch (error) {
            emit({ type: 'fail', nodeId: node.id, label: node.label, ms: now() - start, error });
            stop(error, userSignal?.aborted ?? false, node.label);
        }
    };

    try {
        for (;;) {
            for (const node of nodes) {
                // Re-checked per node: a node's start (or its listener) may already have cancelled.
                if (failure) {
                    break;
                }
                if (!started.has(node.id) && node.dependsOn.every((dep) => succeeded.has(dep))) {
                    started.add(node.id);
                    const task: Promise<void> = runNode(node).finally(() => running.delete(task));
                    running.add(task);
                }
            }
            if (running.size === 0) {
                break;
            }
            await Promise.race(running);
        }
    } finally {
        userSignal?.removeEventListener('abort', onUserAbort);
    }

    if (!failure) {
        return { ok: true, outputs };
    }
    const rollbackSignal = options.rollbackSignal ?? new AbortController().signal;
    let discoveryError: unknown;
    try {
        for (const found of (await options.discover?.(rollbackSignal)) ?? []) {
            record(found.nodeId, found.resource);
        }
    } catch (error) {
        discoveryError = error;
    }
    const report = await rollback(nodes, recorded, rollbackSignal, emit, now);
    if (discoveryError !== undefined) {
        report.failedToDelete.push({ label: 'resources tagged with this run that were not recorded', error: discoveryError });
    }
    return { ok: false, error: failure.error, cancelled: failure.cancelled, failedStep: failure.failedStep, rollback: report };
}
