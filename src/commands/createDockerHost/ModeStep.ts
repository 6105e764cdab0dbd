import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

/** Asked only when azureDockerHosts.createMode is "ask". */
export class ModeStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks: IAzureQuickPickItem<boolean>[] = [
            { label: vscode.l10n.t('Basic'), description: vscode.l10n.t('Name and location; sensible defaults for the rest'), data: false },
            { label: vscode.l10n.t('Advanced'), description: vscode.l10n.t('Also size, image, user, SSH key, port, firewall source and resource group'), data: true },
        ];
        context.advanced = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('How much do you want to choose?'), suppressPersistence: true })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return context.advanced === undefined;
    }
}
