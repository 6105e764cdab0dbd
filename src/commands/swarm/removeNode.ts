import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { SwarmNodeItem } from '../../tree/swarm/SwarmNodeItem';
import { loadProvisioning } from '../loadProvisioning';
import type { Services } from '../services';
import { swarmTarget } from './swarmTarget';

/** Remove Node: after a modal confirmation, drains a worker, lets it leave, and deletes its VM and resources. */
export async function removeNodeCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmNodeItem)) {
        throw new Error(vscode.l10n.t('Run Remove Node from a node under a swarm in the Docker Hosts view.'));
    }
    const { swarm, manager } = await swarmTarget(node);
    const engine = swarm.engines.find((e) => e.host.name === node.row.label);
    if (!engine) {
        throw new Error(vscode.l10n.t('The VM of node {0} is not among the VMs of swarm {1}, so it cannot be removed from here.', node.row.label, swarm.swarmName));
    }
    const host = engine.host;
    const remove = { title: vscode.l10n.t('Remove') };
    await context.ui.showWarningMessage(
        vscode.l10n.t('Remove {0} from swarm {1}? It is drained (its tasks move to the other nodes), leaves the swarm, and its VM, disk, network interface and public IP are deleted. This cannot be undone.', host.name, swarm.swarmName),
        { modal: true }, remove,
    );
    const clients = await services.session.clientsFor(host.subscriptionId);
    const own = await engine.getClient().catch(() => undefined);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Removing {0} from swarm {1}', host.name, swarm.swarmName) }, () =>
        loadProvisioning().removeSwarmNode({ clients }, { subscriptionId: host.subscriptionId, resourceGroup: host.resourceGroup, swarmName: swarm.swarmName, vmName: host.name, nodeId: node.row.nodeId }, { manager, node: own }, services.extensionContext.globalStorageUri.fsPath),
    );
    services.engines.reset(host.id);
    // The swarm's row lists its nodes' VMs: its subscription lists them again.
    await swarm.parent?.refresh(context);
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0} from swarm {1} and deleted its VM.', host.name, swarm.swarmName));
}
