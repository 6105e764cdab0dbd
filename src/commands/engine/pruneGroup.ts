import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineClient } from '../../docker/engineClient';
import type { PruneResult } from '../../docker/operations';
import { formatSize } from '../../docker/resourceRows';
import type { EngineGroupItem } from '../../tree/engine/EngineGroupItem';
import { refreshAfterAction } from '../../tree/engine/refreshAfterAction';
import type { Services } from '../services';
import { pickGroup } from './engineItems';

/** Asks, prunes what one group lists (dangling images, unused volumes or networks), refreshes it, and says what it reclaimed. */
export async function pruneGroup(context: IActionContext, services: Services, node: AzExtTreeItem | undefined, scope: EngineGroupItem['scope'], what: string, prune: (client: EngineClient) => Promise<PruneResult>): Promise<void> {
    const group = await pickGroup(context, services, scope, node);
    const host = group.engine.host.name;
    await context.ui.showWarningMessage(vscode.l10n.t('Remove all {0} on {1}? This cannot be undone.', what, host), { modal: true }, { title: vscode.l10n.t('Prune') });
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pruning {0} on {1}…', what, host) }, async () => prune(await group.engine.getClient()));
    await refreshAfterAction(context, [group]);
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0} and reclaimed {1} on {2}.', result.removed.length, formatSize(result.spaceReclaimed), host));
}
