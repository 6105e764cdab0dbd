import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { parsePort, type PortProtocol } from '../../azure/firewall/portRules';
import { publishedPorts } from '../../docker/containerRows';
import { ancestorOf } from '../../tree/ancestorOf';
import type { DockerHostItem } from '../../tree/DockerHostItem';
import { ContainerItem } from '../../tree/engine/ContainerItem';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';

export interface PortChoice { readonly port: number; readonly protocol: PortProtocol }

/**
 * The port a firewall command acts on: one of the container's published ports when run on a
 * container row, else any port the user types (1–65535) and its protocol.
 */
export async function askPort(context: IActionContext, node: AzExtTreeItem | undefined, hostName: string): Promise<PortChoice> {
    const container = ancestorOf(node, ContainerItem);
    if (container) {
        const ports = publishedPorts(container.container);
        if (ports.length === 0) {
            context.errorHandling.suppressReportIssue = true;
            throw new Error(vscode.l10n.t('{0} publishes no port on the host\'s public address. Run it with a port mapping (for example 8080:80), or use Open Port… on the host.', container.container.name));
        }
        const picks = ports.map<IAzureQuickPickItem<PortChoice>>((p) => ({ label: p.label, data: { port: p.publicPort, protocol: p.protocol } }));
        return picks.length === 1 ? picks[0].data : (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Which port?') })).data;
    }
    const typed = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Port on {0} (1–65535)', hostName),
        placeHolder: '8080',
        validateInput: (v) => {
            const parsed = parsePort(v);
            return typeof parsed === 'string' ? parsed : undefined;
        },
    });
    const port = parsePort(typed);
    if (typeof port === 'string') {
        throw new Error(port);
    }
    const protocol = await context.ui.showQuickPick<IAzureQuickPickItem<PortProtocol>>(
        [{ label: vscode.l10n.t('TCP'), data: 'tcp' }, { label: vscode.l10n.t('UDP'), data: 'udp' }], { placeHolder: vscode.l10n.t('Protocol') });
    return { port, protocol: protocol.data };
}

/**
 * Runs one change of a host's firewall with a cancellable progress, then shows the new port states
 * (even after a failure: Azure may have done part of it); a refusal is shown as the core words it.
 * Only the Containers group is listed again (the host's tooltip is built on hover): re-reading the
 * host itself would restart its engine connection and event stream for nothing. `wholeHost` does
 * that, for a change that decides whether the engine is reachable at all.
 */
export async function changeFirewall(
    context: IActionContext, services: Services, item: DockerHostItem, title: string, work: (signal: AbortSignal) => Promise<unknown>, wholeHost = false,
): Promise<void> {
    try {
        await withCancellableProgress(title, (_progress, signal) => work(signal));
    } catch (error) {
        context.errorHandling.suppressReportIssue = true;
        throw error;
    } finally {
        services.firewalls.invalidate(item.host.id);
        const containers = item.groups.get('container');
        await (wholeHost || !containers ? services.tree.refresh(context, item) : containers.refreshFromEngine(context));
    }
}
