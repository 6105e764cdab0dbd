import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { restartProject, startProject, stopProject } from '../../../docker/compose/composeProject';
import { ComposeProjectItem, composeProjectContextPattern } from '../../../tree/engine/EngineGroupItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';

/** The compose project row the command was run on, or one picked from the palette. */
export async function pickProject(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<ComposeProjectItem> {
    return node instanceof ComposeProjectItem ? node : services.tree.showTreeItemPicker<ComposeProjectItem>(composeProjectContextPattern, context);
}

const actions = {
    start: { act: startProject, title: (p: string, h: string) => vscode.l10n.t('Starting {0} on {1}…', p, h) },
    stop: { act: stopProject, title: (p: string, h: string) => vscode.l10n.t('Stopping {0} on {1}…', p, h) },
    restart: { act: restartProject, title: (p: string, h: string) => vscode.l10n.t('Restarting {0} on {1}…', p, h) },
};

/** Start, Stop or Restart on a project's row: every container of the project at once, through the Engine API, with progress and cancel. */
export async function runProjectAction(context: IActionContext, services: Services, action: keyof typeof actions, node?: AzExtTreeItem): Promise<void> {
    const item = await pickProject(context, services, node);
    const client = await item.engine.getClient();
    const { act, title } = actions[action];
    await withCancellableProgress(title(item.project, item.engine.host.name), (_progress, signal) => act(client, item.project, { signal }));
    await refreshAfterAction(context, [item]);
}
