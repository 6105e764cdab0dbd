import { AzExtTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { SwarmNodeRow } from '../../docker/swarmRows';

/** One swarm node: its VM's name, role, availability, status and engine version; the menus follow role and availability. */
export class SwarmNodeItem extends AzExtTreeItem {
    constructor(parent: AzExtParentTreeItem, public readonly row: SwarmNodeRow) {
        super(parent);
        this.id = row.id;
        this.description = row.description;
        this.iconPath = new vscode.ThemeIcon(row.ready ? 'vm-running' : 'vm-outline', row.ready ? undefined : new vscode.ThemeColor('list.warningForeground'));
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.row.label;
    }

    public get contextValue(): string {
        return `azureDockerHosts.${this.row.contextValue}`;
    }
}
