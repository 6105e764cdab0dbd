import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { ancestorOf } from '../../../tree/ancestorOf';
import { DockerHostItem } from '../../../tree/DockerHostItem';
import type { Services } from '../../services';
import { pickGroup } from '../engineItems';
import { pullToHost } from './pullToHost';

/** Pulls an image onto the host, with the pull stream's progress in a cancellable notification. */
export async function pullImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const group = await pickGroup(context, services, 'image', node);
    const reference = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Image to pull onto {0}', group.engine.host.name), placeHolder: vscode.l10n.t('nginx:latest'), validateInput: (v) => (/^[\w.\-/:@]+$/.test(v.trim()) ? undefined : 'Enter an image reference such as nginx:latest or ghcr.io/org/app:1.2.') })).trim();
    const result = await pullToHost(context, services, ancestorOf(group, DockerHostItem)!, reference);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} on {1}.', result.status ?? vscode.l10n.t('Pulled {0}', reference), group.engine.host.name));
}
