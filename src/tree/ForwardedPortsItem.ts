import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { ActiveForward } from '../ssh/forwardRegistry';

export const portForwardContextValue = 'azureDockerHosts.portForward';

/** One running forward under "Forwarded Ports"; Stop Port Forward acts on it. */
export class PortForwardItem extends GenericTreeItem {
    constructor(parent: AzExtParentTreeItem, readonly entry: ActiveForward) {
        super(parent, {
            id: `forward-${entry.forward.localPort}`,
            label: vscode.l10n.t('localhost:{0}', entry.forward.localPort),
            description: entry.containerName ? vscode.l10n.t('{0} port {1} on the VM', entry.containerName, entry.forward.remotePort) : vscode.l10n.t('port {0} on the VM', entry.forward.remotePort),
            contextValue: portForwardContextValue,
            iconPath: new vscode.ThemeIcon('plug'),
        });
    }
}

/** The host's "Forwarded Ports" group: the forwards of this window to that host. */
export class ForwardedPortsItem extends AzExtParentTreeItem {
    readonly contextValue = 'azureDockerHosts.forwardedPorts';
    readonly label = vscode.l10n.t('Forwarded Ports');

    constructor(parent: AzExtParentTreeItem, private readonly forwards: () => ActiveForward[]) {
        super(parent);
        this.id = 'forwardedPorts';
        this.iconPath = new vscode.ThemeIcon('plug');
    }

    hasMoreChildrenImpl(): boolean {
        return false;
    }

    async loadMoreChildrenImpl(): Promise<AzExtTreeItem[]> {
        return this.forwards().map((f) => new PortForwardItem(this, f));
    }
}
