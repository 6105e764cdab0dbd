import { AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { RepositoryItem } from './RepositoryItem';

/** A tag row's contextValue is this, then `;kind=<registry kind>`. */
export const registryTagContext = 'azureDockerHosts.registryTag';

/** A tag: what Pull to Host…, Run on Host…, Copy Image Name and Delete Tag work on. */
export class RegistryTagItem extends AzExtTreeItem {
    public readonly contextValue: string;
    public readonly label: string;

    constructor(readonly repositoryItem: RepositoryItem, readonly tag: string) {
        super(repositoryItem);
        this.id = tag;
        this.label = tag;
        this.contextValue = `${registryTagContext};kind=${repositoryItem.registry.kind}`;
        this.iconPath = new vscode.ThemeIcon('tag');
    }

    /** registry/repository:tag, as the engine pulls it. */
    get imageName(): string {
        return `${this.repositoryItem.registry.server}/${this.repositoryItem.repository}:${this.tag}`;
    }
}
