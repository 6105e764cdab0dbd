import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { forwardRegistry, type ActiveForward } from '../../ssh/forwardRegistry';
import { PortForwardItem } from '../../tree/ForwardedPortsItem';

/** Stops a port forward: the row it was run on, or one picked from this window's forwards. */
export async function stopPortForwardCommand(context: IActionContext, node?: AzExtTreeItem): Promise<void> {
    let entry: ActiveForward;
    if (node instanceof PortForwardItem) {
        entry = node.entry;
    } else {
        const active = forwardRegistry.list();
        if (active.length === 0) {
            context.errorHandling.suppressReportIssue = true;
            throw new Error(vscode.l10n.t('No port is forwarded in this window.'));
        }
        entry = (await context.ui.showQuickPick(active.map<IAzureQuickPickItem<ActiveForward>>((f) => ({
            label: vscode.l10n.t('localhost:{0}', f.forward.localPort),
            description: f.containerName ? vscode.l10n.t('{0} port {1} on {2}', f.containerName, f.forward.remotePort, f.hostName) : vscode.l10n.t('port {0} on {1}', f.forward.remotePort, f.hostName),
            data: f,
        })), { placeHolder: vscode.l10n.t('Which forward should stop?') })).data;
    }
    await entry.forward.close();
}
