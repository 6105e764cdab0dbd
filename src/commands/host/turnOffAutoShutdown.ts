import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { removeAutoShutdown } from '../../azure/autoShutdown/schedule';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/** Deletes the host's auto-shutdown schedule, when the extension made it. */
export async function turnOffAutoShutdownCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const removed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Turning off the auto-shutdown of {0}…', item.host.name) }, () =>
        removeAutoShutdown(deps, item.host.id));
    services.schedules.invalidate(item.host.id);
    void vscode.window.showInformationMessage(removed ? vscode.l10n.t('{0} no longer shuts down on a schedule.', item.host.name) : vscode.l10n.t('{0} had no auto-shutdown. Nothing was changed.', item.host.name));
}
