import type { IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { portForwards, type ActiveForward } from './portForwards';

/** Stops one of this window's port forwards (its local port closes and its SSH connection ends). */
export async function stopPortForwardCommand(context: IActionContext, services: Services): Promise<void> {
    const active = portForwards(services.extensionContext).list();
    if (active.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('No port is forwarded in this window.'));
    }
    const picked = await context.ui.showQuickPick(active.map<IAzureQuickPickItem<ActiveForward>>((f) => ({
        label: `localhost:${f.forward.localPort}`,
        description: vscode.l10n.t('{0} port {1} on {2}', f.containerName, f.forward.remotePort, f.hostName),
        data: f,
    })), { placeHolder: vscode.l10n.t('Which forward should stop?') });
    await picked.data.forward.close();
}
