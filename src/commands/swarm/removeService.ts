import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { removeSwarmService } from '../../docker/swarmActions';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { changeSwarm } from './swarmTarget';

/** Remove: a service and its tasks, after a confirmation. */
export async function removeServiceCommand(context: IActionContext, _services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmServiceItem)) {
        throw new Error(vscode.l10n.t('Run Remove from a service under a swarm in the Docker Hosts view.'));
    }
    await context.ui.showWarningMessage(vscode.l10n.t('Remove service {0} and its {1} task(s)?', node.row.label, node.row.tasks.length), { modal: true }, { title: vscode.l10n.t('Remove') }, DialogResponses.cancel);
    await changeSwarm(context, node, vscode.l10n.t('Removing {0}', node.row.label), (manager) => removeSwarmService(manager, node.row.serviceId));
}
