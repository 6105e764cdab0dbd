import { AzExtTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { DockerHost } from '../azure/dockerHost';
import { hostDescription, hostIcon, hostTooltipMarkdown } from '../azure/hostDisplay';

export const dockerHostContext = 'azureDockerHosts.host';

/** One Docker host VM. The power state is part of the id and contextValue, so a change re-renders the row and its menus. */
export class DockerHostItem extends AzExtTreeItem {
    public readonly contextValue: string;

    constructor(parent: AzExtParentTreeItem, public readonly host: DockerHost) {
        super(parent);
        this.id = host.id.toLowerCase();
        this.contextValue = `${dockerHostContext};state=${host.powerState}${host.legacy ? ';legacy' : ''}`;
        this.description = hostDescription(host);
        const icon = hostIcon(host.powerState);
        this.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.host.name;
    }

    public override async resolveTooltip(): Promise<vscode.MarkdownString> {
        return new vscode.MarkdownString(hostTooltipMarkdown(this.host));
    }
}
