import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { SwarmServiceRow } from '../../docker/swarmRows';

/** One service: image, mode and running/desired replicas; its tasks (node and state) under it. */
export class SwarmServiceItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.swarmService';

    constructor(parent: AzExtParentTreeItem, public readonly row: SwarmServiceRow) {
        super(parent);
        this.id = row.id;
        this.description = row.stack ? `${row.description} · ${vscode.l10n.t('stack {0}', row.stack)}` : row.description;
        const healthy = row.desired === undefined || row.running === row.desired;
        this.iconPath = new vscode.ThemeIcon('package', healthy ? undefined : new vscode.ThemeColor('list.warningForeground'));
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.row.label;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(): Promise<AzExtTreeItem[]> {
        return this.row.tasks.map((task) => {
            const item = new GenericTreeItem(this, {
                id: task.id,
                label: task.label,
                description: task.description,
                contextValue: 'azureDockerHosts.swarmTask',
                iconPath: new vscode.ThemeIcon(task.running ? 'debug-start' : 'circle-outline'),
            });
            item.suppressMaskLabel = true;
            return item;
        });
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}
