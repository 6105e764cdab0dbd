import type { EngineClient } from '../../docker/engineClient';
import { updateSwarmNode } from '../../docker/swarmActions';
import { hostDir } from '../../host/hostFiles';
import { removeTlsMaterial } from '../../tls/storage';
import { deleteSwarmNodeResources } from '../create/swarmNodes';
import { managedTag, provisioningTag, swarmTag } from '../tags';
import { actionRefused, getIfExists, type LifecycleDeps } from './lifecycleDeps';

export interface RemoveSwarmNodeTarget {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly swarmName: string;
    /** The node's VM. */
    readonly vmName: string;
    /** Its id in the swarm. */
    readonly nodeId: string;
}

export interface RemoveSwarmNodeEngines {
    /** A manager of the swarm, other than the node. */
    readonly manager: EngineClient;
    /** The node's own engine; undefined when it cannot be reached (it is then removed by force). */
    readonly node: EngineClient | undefined;
}

/**
 * Remove Node: a worker is drained (its tasks move to the other nodes), leaves the swarm, is
 * removed from the manager's list, and its VM and resources are deleted: only what carries this
 * swarm's run tag under the node's own names, never the swarm's network. Its local certificates
 * go too. A manager is refused: demote it first, so the swarm keeps its quorum.
 */
export async function removeSwarmNode(deps: Pick<LifecycleDeps, 'clients' | 'pollIntervalMs'>, target: RemoveSwarmNodeTarget, engines: RemoveSwarmNodeEngines, storageRoot: string, signal?: AbortSignal): Promise<void> {
    const { clients } = deps;
    const vm = await getIfExists(() => clients.compute.virtualMachines.get(target.resourceGroup, target.vmName, { abortSignal: signal }));
    const tags = vm?.tags ?? {};
    const runId = tags[provisioningTag];
    if (vm && (tags[managedTag] !== 'true' || tags[swarmTag] !== target.swarmName || !runId)) {
        throw actionRefused(`The VM ${target.vmName} was not created by this extension for swarm ${target.swarmName}, so nothing was changed.`);
    }
    const node = await engines.manager.call('inspect node', (docker) => docker.getNode(target.nodeId).inspect() as Promise<{ Spec?: { Role?: string } }>, { signal });
    if (node.Spec?.Role === 'manager') {
        throw actionRefused(`${target.vmName} is a manager of swarm ${target.swarmName}, so nothing was changed.`, 'Demote it to a worker first.');
    }
    await updateSwarmNode(engines.manager, target.nodeId, { availability: 'drain' }, signal);
    // Its engine leaves on its own when it answers; a node that does not is removed by force below.
    await engines.node?.call('leave the swarm', (docker) => docker.swarmLeave({ force: false }) as Promise<unknown>, { signal }).catch(() => undefined);
    await engines.manager.call('remove node', (docker) => docker.getNode(target.nodeId).remove({ force: true }) as Promise<unknown>, { signal });
    if (runId) {
        const plan = { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.vmName, provisioningId: runId, createResourceGroup: false, swarm: { name: target.swarmName } };
        const report = await deleteSwarmNodeResources(clients, [plan], deps);
        if (report.failedToDelete.length > 0) {
            throw new Error(`${target.vmName} left swarm ${target.swarmName}, but these could not be deleted: ${report.failedToDelete.map((f) => `${f.label} (${f.error instanceof Error ? f.error.message : String(f.error)})`).join('; ')}.`);
        }
    }
    await removeTlsMaterial(hostDir(storageRoot, { subscriptionId: target.subscriptionId, resourceGroup: target.resourceGroup, name: target.vmName }));
}
