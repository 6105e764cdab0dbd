import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { scaleSwarmService } from '../../docker/swarmActions';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { changeSwarm } from './swarmTarget';

/** Scale…: asks for the replica count of a replicated service. */
export async function scaleServiceCommand(context: IActionContext, _services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmServiceItem)) {
        throw new Error(vscode.l10n.t('Run Scale from a service under a swarm in the Docker Hosts view.'));
    }
    if (node.row.desired === undefined) {
        throw new Error(vscode.l10n.t('{0} is a global service: it runs one task on every node and cannot be scaled.', node.row.label));
    }
    const value = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Replicas of {0}', node.row.label),
        value: String(node.row.desired),
        validateInput: (text) => (/^\d+$/.test(text.trim()) ? undefined : vscode.l10n.t('Enter a whole number, 0 or more.')),
    });
    const replicas = Number(value.trim());
    await changeSwarm(context, node, vscode.l10n.t('Scaling {0} to {1}', node.row.label, replicas), (manager) => scaleSwarmService(manager, node.row.serviceId, replicas));
}
