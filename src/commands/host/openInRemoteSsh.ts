import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { writeHostSshConfig } from '../../azure/lifecycle/hostSshConfig';
import { remoteSshExtensionId, remoteSshFolderUri } from '../../ssh/remoteSsh';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { hostTarget } from './hostTarget';

/**
 * A Remote-SSH window on the host's VM. The managed Host block in ~/.ssh/config is written (or
 * brought up to date) first, so Remote-SSH logs in with the host's key and checks its pinned keys.
 */
export async function openInRemoteSshCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    context.errorHandling.suppressReportIssue = true;
    const { alias, user } = await withCancellableProgress(vscode.l10n.t('Writing the SSH config entry for {0}…', item.host.name), (_progress, signal) => writeHostSshConfig(deps, item.host, dir, { signal }));
    if (!vscode.extensions.getExtension(remoteSshExtensionId)) {
        const install = vscode.l10n.t('Install Remote - SSH');
        const choice = await vscode.window.showInformationMessage(
            vscode.l10n.t('~/.ssh/config now has "{0}" for {1}. Opening a window on it needs the Remote - SSH extension.', alias, item.host.name), install);
        if (choice !== install) {
            return;
        }
        await vscode.commands.executeCommand('workbench.extensions.installExtension', remoteSshExtensionId);
    }
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.parse(remoteSshFolderUri(alias, user)), { forceNewWindow: true });
}
