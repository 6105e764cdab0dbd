import { hostDir } from '../../host/hostFiles';
import { removeTlsMaterial } from '../../tls/storage';
import { RunResources } from '../create/runResources';
import { managedTag, provisioningTag, swarmTag } from '../tags';
import { getIfExists, type LifecycleDeps } from './lifecycleDeps';

export interface DeleteSwarmTarget {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly swarmName: string;
    /** Its nodes' VM names, whose local folders go too. */
    readonly nodeNames: readonly string[];
}

/**
 * Deletes a swarm this extension created: its resource group, which holds the swarm's network and
 * every node, and the nodes' local folders. Only when the group carries this extension's tags for
 * this swarm and everything in it carries the run's tag (the nodes' OS disks aside, which Azure
 * makes untagged): otherwise it names what it found and deletes nothing.
 */
export async function deleteSwarm(deps: Pick<LifecycleDeps, 'clients' | 'pollIntervalMs'>, target: DeleteSwarmTarget, storageRoot: string, signal?: AbortSignal): Promise<void> {
    const group = await getIfExists(() => deps.clients.resources.resourceGroups.get(target.resourceGroup, { abortSignal: signal }));
    if (group) {
        const tags = group.tags ?? {};
        const runId = tags[provisioningTag];
        if (tags[managedTag] !== 'true' || tags[swarmTag] !== target.swarmName || !runId) {
            throw new Error(`The resource group ${target.resourceGroup} was not created by this extension for swarm ${target.swarmName}, so nothing was deleted.`);
        }
        const run = new RunResources(
            { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.swarmName, provisioningId: runId, createResourceGroup: true, swarm: { name: target.swarmName } },
            deps,
        );
        await run.resourceGroup(group.id).undo(signal ?? new AbortController().signal);
    }
    await Promise.all(target.nodeNames.map((name) => removeTlsMaterial(hostDir(storageRoot, { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name }))));
}
