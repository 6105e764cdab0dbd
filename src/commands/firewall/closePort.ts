import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { closePort } from '../../azure/firewall/hostFirewall';
import { isOpenedPortRule, ruleSources } from '../../azure/firewall/portRules';
import { ancestorOf } from '../../tree/ancestorOf';
import { ContainerItem } from '../../tree/engine/ContainerItem';
import { hostTarget } from '../host/hostTarget';
import type { Services } from '../services';
import { askPort, changeFirewall, type PortChoice } from './portTarget';

/** Removes a rule Open Port made; other rules (the user's, the create's SSH and TLS rules) are never offered nor touched. */
export async function closePortCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    let choice: PortChoice;
    if (ancestorOf(node, ContainerItem)) {
        choice = await askPort(context, node, item.host.name);
    } else {
        services.firewalls.invalidate(item.host.id);
        const opened = (await services.firewalls.get(item.host)).nsgs.filter((n) => n.owned).flatMap((n) => n.rules.filter(isOpenedPortRule));
        if (opened.length === 0) {
            context.errorHandling.suppressReportIssue = true;
            throw new Error(vscode.l10n.t('{0} has no port opened with Open Port. Nothing was changed.', item.host.name));
        }
        const picks = opened.map<IAzureQuickPickItem<PortChoice>>((r) => ({
            label: `${r.destinationPortRange ?? ''}/${(r.protocol ?? '').toLowerCase()}`,
            description: vscode.l10n.t('from {0}', ruleSources(r).join(', ')),
            data: { port: Number(r.destinationPortRange), protocol: (r.protocol ?? '').toLowerCase() === 'udp' ? 'udp' : 'tcp' },
        }));
        choice = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Which port to close?') })).data;
    }
    const label = `${choice.port}/${choice.protocol}`;
    await changeFirewall(context, services, item, vscode.l10n.t('Closing port {0} on {1}…', label, item.host.name), (signal) =>
        closePort(deps, item.host.id, choice.port, choice.protocol, signal));
    void vscode.window.showInformationMessage(vscode.l10n.t('Port {0} on {1} is closed.', label, item.host.name));
}
