import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { deleteSwarm } from '../../azure/lifecycle/deleteSwarm';
import { SwarmItem } from '../../tree/swarm/SwarmItem';
import type { Services } from '../services';

/** Delete Swarm: after a modal confirmation naming the group and every node, deletes the swarm's resource group and the nodes' local folders. */
export async function deleteSwarmCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmItem)) {
        throw new Error(vscode.l10n.t('Run Delete Swarm from a swarm\'s row in the Docker Hosts view.'));
    }
    const hosts = node.engines.map((e) => e.host);
    const first = hosts[0];
    const remove = { title: vscode.l10n.t('Delete') };
    await context.ui.showWarningMessage(
        vscode.l10n.t('Delete swarm {0}: resource group {1} with its {2} node(s) ({3}), their network and local certificates? This cannot be undone.', node.swarmName, first.resourceGroup, hosts.length, hosts.map((h) => h.name).join(', ')),
        { modal: true }, remove, DialogResponses.cancel,
    );
    const clients = await services.session.clientsFor(first.subscriptionId);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting swarm {0}', node.swarmName) }, () =>
        deleteSwarm({ clients }, { subscriptionId: first.subscriptionId, resourceGroup: first.resourceGroup, swarmName: node.swarmName, nodeNames: hosts.map((h) => h.name) }, services.extensionContext.globalStorageUri.fsPath),
    );
    services.swarmRefreshManager.forget(node);
    hosts.forEach((h) => services.engines.reset(h.id));
    await node.parent?.refresh(context);
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted swarm {0} and its resource group {1}.', node.swarmName, first.resourceGroup));
}
