import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import { announceForward, askLocalPort, startForward } from '../../host/startForward';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

/**
 * Forward Port to Localhost: 127.0.0.1:<free or chosen port> carries each connection through an
 * SSH connection to the container's published port on the VM. No firewall rule is needed; the
 * forward ends with the window, or with Stop Port Forward.
 */
export async function forwardContainerPortCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const ports = [...new Set(item.container.ports.filter((p) => p.publicPort && p.protocol === 'tcp').map((p) => p.publicPort!))];
    if (ports.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} publishes no TCP port on the VM. Run it with a port mapping (for example 8080:80) to forward it, or use Forward Port to Localhost… on the host for a port of the VM itself.', item.container.name));
    }
    const remotePort = ports.length === 1 ? ports[0] : (await context.ui.showQuickPick(ports.map<IAzureQuickPickItem<number>>((p) => ({ label: String(p), data: p })),
        { placeHolder: vscode.l10n.t('Which published port of {0}?', item.container.name) })).data;
    const forward = await startForward(context, services, item, remotePort, await askLocalPort(context), item.container.name);
    await announceForward(forward, item.container.name);
}
