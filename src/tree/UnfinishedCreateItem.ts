import { AzExtTreeItem, type AzExtParentTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { unfinishedResourceCount, type UnfinishedRun } from '../azure/create/unfinishedRuns';

export const unfinishedCreateContext = 'azureDockerHosts.unfinishedCreate';

/** A create that did not finish (VS Code closed, a crash, an incomplete rollback): Clean Up or Keep. */
export class UnfinishedCreateItem extends AzExtTreeItem {
    public readonly contextValue = unfinishedCreateContext;

    constructor(parent: AzExtParentTreeItem, public readonly run: UnfinishedRun) {
        super(parent);
        this.id = `unfinished/${run.runId}`;
        this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        this.suppressMaskLabel = true;
    }

    /** Built on hover; a plain-string tooltip would also become the row's accessible name. */
    public override async resolveTooltip(): Promise<vscode.MarkdownString> {
        const { run } = this;
        const lines = [
            vscode.l10n.t('Run {0} in resource group {1} did not finish. Still in Azure with its tag:', run.runId, run.resourceGroup),
            ...(run.ownsGroup ? [vscode.l10n.t('resource group {0}', run.resourceGroup)] : []),
            ...run.resources.map((r) => `${r.type} ${r.name}`),
        ];
        const tooltip = new vscode.MarkdownString();
        for (const line of lines) {
            tooltip.appendText(line).appendMarkdown('  \n');
        }
        return tooltip;
    }

    public get label(): string {
        return vscode.l10n.t('Unfinished create of {0}: {1} resources', this.run.name, unfinishedResourceCount(this.run));
    }
}
