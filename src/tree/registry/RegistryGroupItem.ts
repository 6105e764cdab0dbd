import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { describeAzureError } from '../../azure/describeError';
import { commandIds } from '../../commandIds';
import { createErrorItem } from '../errorItem';
import type { RegistriesRootItem } from './RegistriesRootItem';
import { RegistryItem } from './RegistryItem';

export type RegistryKind = 'azure' | 'other';

/** "Azure Container Registries" (of the selected subscriptions) or "Other registries" (added by the user). */
export class RegistryGroupItem extends AzExtParentTreeItem {
    public readonly contextValue: string;
    public readonly label: string;

    constructor(readonly root: RegistriesRootItem, readonly kind: RegistryKind) {
        super(root);
        this.id = `registries/${kind}`;
        this.contextValue = `azureDockerHosts.registryGroup;kind=${kind}`;
        this.label = kind === 'azure' ? vscode.l10n.t('Azure Container Registries') : vscode.l10n.t('Other registries');
        this.iconPath = new vscode.ThemeIcon(kind === 'azure' ? 'azure' : 'package');
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        const registries = this.root.registries;
        if (this.kind === 'other') {
            const others = registries.otherRegistries();
            if (others.length === 0) {
                return [new GenericTreeItem(this, {
                    id: 'addOther', label: vscode.l10n.t('Add Registry…'), contextValue: 'azureDockerHosts.addRegistry',
                    iconPath: new vscode.ThemeIcon('add'), commandId: commandIds.addOtherRegistry,
                })];
            }
            return others.map((r) => new RegistryItem(this, r.server, 'other', r.username));
        }
        try {
            const azure = await registries.azureRegistries();
            if (azure.length === 0) {
                return [new GenericTreeItem(this, {
                    id: 'none', label: vscode.l10n.t('No container registries in the selected subscriptions'),
                    contextValue: 'azureDockerHosts.noRegistries', iconPath: new vscode.ThemeIcon('info'),
                })];
            }
            return azure.map((r) => new RegistryItem(this, r.loginServer, 'azure', r.name));
        } catch (error) {
            return [createErrorItem(this, 'error', describeAzureError(error, 'listing your container registries', 'Azure'))];
        }
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}
