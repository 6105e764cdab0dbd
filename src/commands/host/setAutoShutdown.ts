import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { readAutoShutdown, setAutoShutdown } from '../../azure/autoShutdown/schedule';
import { formatShutdownTime } from '../../azure/autoShutdown/shutdownTime';
import type { Services } from '../services';
import { askAutoShutdown } from './askAutoShutdown';
import { hostTarget } from './hostTarget';

/** Sets (or changes) the host's daily auto-shutdown through its DevTest Labs schedule. */
export async function setAutoShutdownCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const current = await readAutoShutdown(deps, item.host.id);
    const shutdown = await askAutoShutdown(context.ui, current?.ownedByExtension ? current : undefined);
    const saved = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Setting the auto-shutdown of {0}…', item.host.name) }, () =>
        setAutoShutdown(deps, item.host.id, shutdown));
    services.schedules.invalidate(item.host.id);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} will be shut down (deallocated) every day at {1} ({2}).', item.host.name, formatShutdownTime(saved.time), saved.timeZoneId));
}
