import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { inspectSwarmService } from '../../docker/swarmActions';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { swarmTarget } from './swarmTarget';

/** Inspect on a service: the manager's JSON of it, read-only. */
export async function inspectServiceCommand(_context: IActionContext, _services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmServiceItem)) {
        throw new Error(vscode.l10n.t('Run Inspect from a service under a swarm in the Docker Hosts view.'));
    }
    const { manager } = await swarmTarget(node);
    const data = await inspectSwarmService(manager, node.row.serviceId);
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-inspect', node.row.label), fullId: `${node.fullId}/inspect` }, data as object);
}
