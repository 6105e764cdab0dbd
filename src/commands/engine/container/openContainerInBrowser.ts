import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { engineAddress } from '../../../host/dockerHost';
import { publishedPortLinks, type PortLink } from '../../../docker/containerRows';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

/** Opens a published port on the host's public address (never localhost: the container runs on the VM). */
export async function openContainerInBrowserCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const address = engineAddress(item.engine.host);
    const links = address ? publishedPortLinks(item.container, address) : [];
    if (links.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} publishes no TCP port on {1}\'s public address. Run it with a port mapping (for example 8080:80), and allow that port in the host\'s network security group.', item.container.name, item.engine.host.name));
    }
    const link = links.length === 1 ? links[0] : (await context.ui.showQuickPick(links.map<IAzureQuickPickItem<PortLink>>((l) => ({ label: l.url, description: l.label, data: l })), { placeHolder: vscode.l10n.t('Which port?') })).data;
    await vscode.env.openExternal(vscode.Uri.parse(link.url));
}
