import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { changePowerState, powerActions, type PowerAction } from '../../azure/lifecycle/vmPower';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/**
 * Start, Stop (deallocate) or Restart: the row shows the transitional state while Azure works, then
 * the subscription refreshes to the state Azure reports, and the engine is reconnected.
 */
export async function runPowerAction(context: IActionContext, services: Services, action: PowerAction, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const { transitional } = powerActions[action];
    const name = item.host.name;
    let final = '';
    await item.runWithTemporaryDescription(context, `${transitional}…`, async () => {
        final = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: progressTitle(action, name) }, () => changePowerState(deps, item.host.id, action));
    });
    services.engines.reset(item.host.id);
    await item.parent?.refresh(context);
    void vscode.window.showInformationMessage(completion(name, final));
}

function progressTitle(action: PowerAction, name: string): string {
    switch (action) {
        case 'start': return vscode.l10n.t('Starting {0}', name);
        case 'deallocate': return vscode.l10n.t('Stopping {0}', name);
        case 'restart': return vscode.l10n.t('Restarting {0}', name);
    }
}

/** One sentence: the state Azure reports now, and for a deallocated VM what that means for the bill. */
function completion(name: string, final: string): string {
    switch (final) {
        case 'running': return vscode.l10n.t('{0} is running.', name);
        // Stop deallocates: a stopped-but-allocated VM is still billed for compute.
        case 'deallocated': return vscode.l10n.t('{0} is deallocated, so its compute is no longer billed (its disk and static public IP still are).', name);
        default: return vscode.l10n.t('{0} is {1}.', name, final);
    }
}
