import { CreatedResource, ProvisioningEvent, ProvisioningNode, RollbackReport } from './graph';

export interface RecordedResource { nodeId: string; resource: CreatedResource }

/**
 * Deletes what a run recorded, in reverse dependency order: a node's resources go only after those
 * of every node that depends on it, and independent ones go in parallel. Resources of one node go
 * in reverse order of recording. A resource group created by the run is deleted alone, since that
 * deletes everything in it. Never throws: failures are collected, and the rest is still attempted.
 */
export async function rollback(
    nodes: readonly Pick<ProvisioningNode, 'id' | 'dependsOn'>[],
    recorded: readonly RecordedResource[],
    signal: AbortSignal,
    emit: (event: Omit<ProvisioningEvent, 'at'>) => void,
    now: () => number,
): Promise<RollbackReport> {
    const report: RollbackReport = { deleted: [], failedToDelete: [] };
    const groups = recorded.filter((r) => r.resource.containsOthers);
    const targets = groups.length > 0 ? groups : recorded;

    const resourcesOf = new Map<string, CreatedResource[]>();
    for (const { nodeId, resource } of targets) {
        resourcesOf.set(nodeId, [...(resourcesOf.get(nodeId) ?? []), resource]);
    }
    const dependentsOf = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
    for (const node of nodes) {
        for (const dep of node.dependsOn) {
            dependentsOf.get(dep)?.push(node.id);
        }
    }

    const undoOne = async (nodeId: string, resource: CreatedResource): Promise<void> => {
        const start = now();
        emit({ type: 'rollbackStart', nodeId, label: resource.label, ms: 0 });
        try {
            await resource.undo(signal);
            report.deleted.push(resource.label);
            emit({ type: 'rollbackEnd', nodeId, label: resource.label, ms: now() - start });
        } catch (error) {
            report.failedToDelete.push({ label: resource.label, error });
            emit({ type: 'rollbackFail', nodeId, label: resource.label, ms: now() - start, error });
        }
    };

    const tasks = new Map<string, Promise<void>>();
    const undoNode = (nodeId: string): Promise<void> => {
        let task = tasks.get(nodeId);
        if (!task) {
            task = (async () => {
                // Attempted even if a dependent's delete failed: the error then says why (e.g. in use).
                await Promise.all((dependentsOf.get(nodeId) ?? []).map(undoNode));
                for (const resource of [...(resourcesOf.get(nodeId) ?? [])].reverse()) {
                    await undoOne(nodeId, resource);
                }
            })();
            tasks.set(nodeId, task);
        }
        return task;
    };
    await Promise.all(nodes.map((n) => undoNode(n.id)));
    return report;
}
