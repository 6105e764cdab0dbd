import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { followServiceLogs } from '../../docker/logs';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { swarmTarget } from './swarmTarget';

/** View Logs on a service: its tasks' merged logs from every node, through a manager, followed live; closing the document stops the stream. */
export async function viewServiceLogsCommand(_context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmServiceItem)) {
        throw new Error(vscode.l10n.t('Run View Logs from a service under a swarm in the Docker Hosts view.'));
    }
    const { swarm, manager } = await swarmTarget(node);
    await services.liveDocuments.open(`${swarm.swarmName}/${node.row.label}.log`, 'log', async (doc) => {
        const follower = await followServiceLogs(manager, node.row.serviceId, { onLine: (line) => doc.append(line), tail: 1000 });
        return () => follower.stop();
    });
}
