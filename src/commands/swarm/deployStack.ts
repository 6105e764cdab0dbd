import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { validateStackName } from '../../docker/stackCli';
import { ancestorOf } from '../../tree/ancestorOf';
import { SwarmItem } from '../../tree/swarm/SwarmItem';
import type { Services } from '../services';
import { runStackCommand } from './stackContext';
import { refreshUnlessWatched } from './swarmTarget';

/** Deploy Stack…: a compose file of the workspace, deployed with `docker stack deploy` against a manager. */
export async function deployStackCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const swarm = ancestorOf(node, SwarmItem);
    if (!swarm) {
        throw new Error(vscode.l10n.t('Run Deploy Stack from a swarm\'s row in the Docker Hosts view.'));
    }
    const files = await vscode.workspace.findFiles('**/{docker-compose,compose,stack}*.{yml,yaml}', '**/node_modules/**', 50);
    const picks = files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), data: uri }));
    const file = picks.length > 0
        ? (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Compose file to deploy to swarm {0}', swarm.swarmName) })).data
        : (await context.ui.showOpenDialog({ canSelectMany: false, filters: { Compose: ['yml', 'yaml'] } }))[0];
    const suggested = path.basename(path.dirname(file.fsPath)).replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '') || 'stack';
    const stack = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Stack name'), value: suggested, validateInput: (v) => validateStackName(v) })).trim();
    await runStackCommand(services, swarm, { action: 'deploy', stack, file: file.fsPath }, vscode.l10n.t('Deploying stack {0} to swarm {1}', stack, swarm.swarmName));
    await refreshUnlessWatched(context, swarm);
}
