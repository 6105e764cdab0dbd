import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { portState } from '../../../azure/firewall/portRules';
import { engineAddress } from '../../../host/dockerHost';
import { publishedPortLinks, type PortLink } from '../../../docker/containerRows';
import { ancestorOf } from '../../../tree/ancestorOf';
import { DockerHostItem } from '../../../tree/DockerHostItem';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import { myIpSource, openPortFor } from '../../firewall/openPort';
import { forwardRegistry } from '../../../ssh/forwardRegistry';
import { startForward } from '../../host/startForward';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

/**
 * Opens a published port on the host's public address (the container runs on the VM), or the
 * localhost end of a forward of it running in this window. A port the firewall blocks for the user
 * is offered to be forwarded over SSH (Forward and Open: http://localhost:<port>) or opened for their IP.
 */
export async function openContainerInBrowserCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const address = engineAddress(item.engine.host);
    const links = address ? publishedPortLinks(item.container, address) : [];
    if (links.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} publishes no TCP port on {1}\'s public address. Run it with a port mapping (for example 8080:80), then use Open Port… on it.', item.container.name, item.engine.host.name));
    }
    const link = links.length === 1 ? links[0] : (await context.ui.showQuickPick(links.map<IAzureQuickPickItem<PortLink>>((l) => ({ label: l.url, description: l.label, data: l })), { placeHolder: vscode.l10n.t('Which port?') })).data;
    const host = ancestorOf(item, DockerHostItem);
    const port = link.port.publicPort;
    // A forward of this port already running in this window: its localhost end always works.
    const running = forwardRegistry.forHost(item.engine.host.id).find((f) => f.forward.remotePort === port);
    if (running) {
        await vscode.env.openExternal(vscode.Uri.parse(`http://localhost:${running.forward.localPort}`));
        return;
    }
    const snapshot = await host?.firewall();
    if (host && snapshot && portState(snapshot.nsgs, snapshot.myIp, port, 'tcp') === 'blocked') {
        const forwardAndOpen = { title: vscode.l10n.t('Forward and Open') };
        const openForMe = { title: vscode.l10n.t('Open Port for My IP') };
        const anyway = { title: vscode.l10n.t('Open Browser Anyway') };
        const choice = await context.ui.showWarningMessage(
            vscode.l10n.t('The firewall of {0} blocks port {1} for your IP, so the page will not load. Forward it to this computer over SSH (no firewall change), or open it for your IP?', host.host.name, `${port}/tcp`),
            { modal: true }, forwardAndOpen, openForMe, anyway);
        if (choice === forwardAndOpen) {
            const forward = await startForward(context, services, item, port, 0, item.container.name);
            await vscode.env.openExternal(vscode.Uri.parse(`http://localhost:${forward.localPort}`));
            return;
        }
        if (choice === openForMe) {
            await openPortFor(context, services, host, { port, protocol: 'tcp' }, await myIpSource(services));
        }
    }
    await vscode.env.openExternal(vscode.Uri.parse(link.url));
}
