import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { ancestorOf } from '../../tree/ancestorOf';
import { SwarmItem } from '../../tree/swarm/SwarmItem';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { runStackCommand } from './stackContext';
import { refreshUnlessWatched } from './swarmTarget';

/** Remove Stack…: the stack of the service it ran on, or one picked from the swarm's stacks; `docker stack rm` after a confirmation. */
export async function removeStackCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const swarm = ancestorOf(node, SwarmItem);
    if (!swarm) {
        throw new Error(vscode.l10n.t('Run Remove Stack from a swarm in the Docker Hosts view.'));
    }
    let stack = node instanceof SwarmServiceItem ? node.row.stack : undefined;
    if (!stack) {
        const stacks = [...new Set((await swarm.read()).services.map((s) => s.stack).filter((s): s is string => !!s))].sort();
        if (stacks.length === 0) {
            throw new Error(vscode.l10n.t('Swarm {0} has no stacks.', swarm.swarmName));
        }
        stack = (await context.ui.showQuickPick(stacks.map((s) => ({ label: s })), { placeHolder: vscode.l10n.t('Stack to remove') })).label;
    }
    await context.ui.showWarningMessage(vscode.l10n.t('Remove stack {0} from swarm {1}: its services, networks, configs and secrets?', stack, swarm.swarmName), { modal: true }, { title: vscode.l10n.t('Remove') }, DialogResponses.cancel);
    await runStackCommand(services, swarm, { action: 'remove', stack }, vscode.l10n.t('Removing stack {0}', stack));
    await refreshUnlessWatched(context, swarm);
}
