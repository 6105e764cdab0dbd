import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pruneVolumes } from '../../docker/operations';
import { formatSize } from '../../docker/resourceRows';
import type { Services } from '../services';
import { pickGroup } from './engineItems';

export async function pruneVolumesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const group = await pickGroup(context, services, 'volume', node);
    const prune = { title: 'Prune' };
    await context.ui.showWarningMessage(`Remove all unused volumes on ${group.engine.host.name}? This cannot be undone.`, { modal: true }, prune);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pruning unused volumes on ${group.engine.host.name}…` }, async () =>
        pruneVolumes(await group.engine.getClient()),
    );
    await group.refresh(context);
    void vscode.window.showInformationMessage(`Removed ${result.removed.length} and reclaimed ${formatSize(result.spaceReclaimed)} on ${group.engine.host.name}.`);
}
