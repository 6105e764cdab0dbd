import { AzExtParentTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { registryRowError } from './registryRowError';
import type { RegistryGroupItem, RegistryKind } from './RegistryGroupItem';
import { RepositoryItem } from './RepositoryItem';

/** A registry row's contextValue is this, then `;kind=<kind>`. */
export const registryContext = 'azureDockerHosts.registry';

/** One registry: its repositories, through the v2 API with its credentials. */
export class RegistryItem extends AzExtParentTreeItem {
    public readonly contextValue: string;
    public readonly label: string;
    private readonly detail: string;

    constructor(readonly group: RegistryGroupItem, readonly server: string, readonly kind: RegistryKind, detail: string) {
        super(group);
        this.id = `registry/${server}`;
        this.contextValue = `${registryContext};kind=${kind}`;
        this.label = kind === 'azure' ? detail : server;
        this.detail = kind === 'azure' ? server : detail;
        this.iconPath = new vscode.ThemeIcon('database');
    }

    public override get description(): string {
        return this.detail;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        try {
            const client = await this.group.root.registries.logins.client(this.server);
            const repositories = await client.repositories();
            return repositories.map((name) => new RepositoryItem(this, name));
        } catch (error) {
            return [registryRowError(this, error)];
        }
    }
}
