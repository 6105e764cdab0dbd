import { AzExtTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import type * as vscode from 'vscode';
import type { ResourceRow } from '../../docker/resourceRows';
import type { HostEngine } from '../../docker/hostEngines';

/** Which image, volume and network rows a command accepts, by contextValue (made in docker/resourceRows.ts). */
export const resourceContexts = {
    image: /^(image|danglingImage)$/,
    taggedImage: /^image$/,
    volume: /^volume$/,
    network: /^(network|builtInNetwork)$/,
    /** The engine's own networks (bridge, host, none) cannot be removed. */
    userNetwork: /^network$/,
} as const;

/** An image, volume or network: a row from the core, with the engine it lives on. */
export class EngineResourceItem<T> extends AzExtTreeItem {
    public readonly contextValue: string;
    public readonly item: T;
    private readonly text: string;

    constructor(parent: AzExtParentTreeItem, row: ResourceRow<T>, icon: vscode.ThemeIcon, public readonly engine: HostEngine) {
        super(parent);
        this.id = row.id;
        this.text = row.label;
        this.contextValue = row.contextValue;
        this.description = row.description;
        this.iconPath = icon;
        this.item = row.item;
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.text;
    }
}
