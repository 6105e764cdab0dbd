import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickTag } from './pickRegistryItems';

export async function copyImageNameCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const tag = await pickTag(context, services, node);
    await vscode.env.clipboard.writeText(tag.imageName);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0}.', tag.imageName));
}
