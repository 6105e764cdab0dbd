import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { resourceGroupExists } from '../../azure/create/catalog';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

type Choice = { create: true } | { create: false; name: string };

export class ResourceGroupStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const clients = context.clients!;
        const picks = (async () => {
            const existing: IAzureQuickPickItem<Choice>[] = [];
            for await (const group of clients.resources.resourceGroups.list()) {
                if (group.name) {
                    existing.push({ label: group.name, description: group.location, data: { create: false, name: group.name } });
                }
            }
            existing.sort((a, b) => a.label.localeCompare(b.label));
            return [{ label: vscode.l10n.t('$(add) Create new resource group'), description: vscode.l10n.t('{0}-rg', context.name ?? ''), data: { create: true } as Choice }, ...existing];
        })();
        const choice = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select a resource group for the host'), suppressPersistence: true })).data;
        if (!choice.create) {
            context.resourceGroup = { name: choice.name, create: false };
            return;
        }
        const name = await context.ui.showInputBox({
            prompt: vscode.l10n.t('Name of the new resource group'),
            value: `${context.name}-rg`,
            validateInput: (v) => (/^[-\w._()]{1,90}$/.test(v.trim()) && !v.trim().endsWith('.') ? undefined : 'Use 1 to 90 letters, digits, "-", "_", ".", "(" or ")", not ending in ".".'),
            asyncValidationTask: async (v) => ((await resourceGroupExists(clients, v.trim())) ? `A resource group "${v.trim()}" already exists; pick it from the list instead.` : undefined),
        });
        context.resourceGroup = { name: name.trim(), create: true };
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && !context.resourceGroup;
    }
}
