import { AzExtParentTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { registryRowError } from './registryRowError';
import type { RegistryItem } from './RegistryItem';
import { RegistryTagItem } from './RegistryTagItem';

/** A repository of a registry: its tags. */
export class RepositoryItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.repository';
    public readonly label: string;

    constructor(readonly registry: RegistryItem, readonly repository: string) {
        super(registry);
        this.id = repository;
        this.label = repository;
        this.iconPath = new vscode.ThemeIcon('repo');
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        try {
            const client = await this.registry.group.root.registries.logins.client(this.registry.server);
            return (await client.tags(this.repository)).map((tag) => new RegistryTagItem(this, tag));
        } catch (error) {
            return [registryRowError(this, error)];
        }
    }
}
