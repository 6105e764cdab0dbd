import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pullToHost } from '../engine/image/pullToHost';
import { pickHost } from '../pickHost';
import type { Services } from '../services';
import { pickTag } from './pickRegistryItems';

/** Pull to Host…: the tag's image onto a host the user picks, with the registry's credentials. */
export async function pullTagToHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const tag = await pickTag(context, services, node);
    const host = await pickHost(context, services);
    const result = await pullToHost(context, services, host, tag.imageName);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} on {1}.', result.status ?? vscode.l10n.t('Pulled {0}', tag.imageName), host.engine.host.name));
}
