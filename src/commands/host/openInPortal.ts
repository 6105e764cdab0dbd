import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pickHost } from '../pickHost';
import type { Services } from '../services';

export async function openInPortalCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    await vscode.env.openExternal(vscode.Uri.parse(`${services.session.cloud.portalUrl}/#resource${item.host.id}`));
}
