import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickTag } from './pickRegistryItems';

/** Delete Tag (ACR): after a confirmation, deletes the manifest the tag points to, as the v2 API does. */
export async function deleteTagCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const tag = await pickTag(context, services, node, /azure/);
    const repository = tag.repositoryItem;
    await context.ui.showWarningMessage(
        vscode.l10n.t('Delete {0} from {1}? The image it points to is deleted, with every other tag on the same image. This cannot be undone.', `${repository.repository}:${tag.tag}`, repository.registry.server),
        { modal: true }, { title: vscode.l10n.t('Delete') });
    const client = await services.registries.logins.client(repository.registry.server);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}…', tag.imageName) }, () =>
        client.deleteTag(repository.repository, tag.tag));
    await repository.refresh(context);
}
