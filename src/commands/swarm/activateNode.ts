import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { updateSwarmNode } from '../../docker/swarmActions';
import { SwarmNodeItem } from '../../tree/swarm/SwarmNodeItem';
import type { Services } from '../services';
import { changeSwarm } from './swarmTarget';

export async function activateNodeCommand(context: IActionContext, _services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmNodeItem)) {
        throw new Error(vscode.l10n.t('Run this from a node under a swarm in the Docker Hosts view.'));
    }
    await changeSwarm(context, node, vscode.l10n.t('Activating {0}', node.row.label), (manager) => updateSwarmNode(manager, node.row.nodeId, { availability: 'active' }));
}
