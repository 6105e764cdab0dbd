import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pruneDanglingImages } from '../../docker/operations';
import { formatSize } from '../../docker/resourceRows';
import type { Services } from '../services';
import { pickGroup } from './engineItems';

export async function pruneImagesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const group = await pickGroup(context, services, 'image', node);
    const prune = { title: 'Prune' };
    await context.ui.showWarningMessage(`Remove all dangling images on ${group.engine.host.name}? This cannot be undone.`, { modal: true }, prune);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pruning dangling images on ${group.engine.host.name}…` }, async () =>
        pruneDanglingImages(await group.engine.getClient()),
    );
    await group.refresh(context);
    void vscode.window.showInformationMessage(`Removed ${result.removed.length} and reclaimed ${formatSize(result.spaceReclaimed)} on ${group.engine.host.name}.`);
}
