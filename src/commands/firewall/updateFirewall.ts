import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { nsgSourcePrefix } from '../../azure/create/parseSourceAddress';
import { applyFirewallUpdate, planFirewallUpdate } from '../../azure/firewall/hostFirewall';
import { hostTarget } from '../host/hostTarget';
import type { Services } from '../services';
import { myIpSource } from './openPort';
import { changeFirewall } from './portTarget';

/**
 * Moves the extension's rules (SSH, Docker TLS, opened ports) to the user's current IP, after
 * showing each change: the fix when the user's address changed since the rules were made.
 */
export async function updateFirewallCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    context.errorHandling.suppressReportIssue = true;
    const to = nsgSourcePrefix(await myIpSource(services));
    const changes = await planFirewallUpdate(deps, item.host.id, to);
    if (changes.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The firewall of {0} already allows your current IP ({1}). Nothing was changed.', item.host.name, to));
        return;
    }
    const update = { title: vscode.l10n.t('Update') };
    const detail = changes.map((c) => `${c.rule.name ?? ''} (${c.rule.destinationPortRange ?? ''}/${(c.rule.protocol ?? '').toLowerCase()}): ${c.from} → ${c.to}`).join('\n');
    await context.ui.showWarningMessage(vscode.l10n.t('Update the firewall of {0} to your current IP?', item.host.name), { modal: true, detail }, update);
    await changeFirewall(context, services, item, vscode.l10n.t('Updating the firewall of {0}…', item.host.name), async (signal) => {
        await applyFirewallUpdate(deps, changes, signal);
        // A new client: its next call opens a new connection, which the new rules judge.
        services.engines.reset(item.host.id);
    }, true);
    void vscode.window.showInformationMessage(vscode.l10n.t('The firewall of {0} now allows {1}.', item.host.name, to));
}
