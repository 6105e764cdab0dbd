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
    const { title, transitional, note } = powerActions[action];
    let final = '';
    await item.runWithTemporaryDescription(context, `${transitional}…`, async () => {
        final = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title} ${item.host.name}…` }, () => changePowerState(deps, item.host.id, action));
    });
    services.engines.reset(item.host.id);
    await item.parent?.refresh(context);
    void vscode.window.showInformationMessage(`${item.host.name} is ${final}.${note && final === 'deallocated' ? ` ${note}` : ''}`);
}
