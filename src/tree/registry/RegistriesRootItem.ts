import { AzExtParentTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { RegistrySession } from '../../session/RegistrySession';
import { RegistryGroupItem } from './RegistryGroupItem';

/** The Registries view's invisible root: Azure Container Registries, then Other registries. */
export class RegistriesRootItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.registriesRoot';
    public readonly label = vscode.l10n.t('Registries');

    constructor(readonly registries: RegistrySession) {
        super(undefined);
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        if (clearCache) {
            this.registries.invalidate();
        }
        return [new RegistryGroupItem(this, 'azure'), new RegistryGroupItem(this, 'other')];
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}
