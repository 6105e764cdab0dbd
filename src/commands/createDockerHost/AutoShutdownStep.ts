import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { askAutoShutdown } from '../host/askAutoShutdown';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

/** Advanced mode: a daily auto-shutdown for the new host, or none. */
export class AutoShutdownStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks: IAzureQuickPickItem<boolean>[] = [
            { label: vscode.l10n.t('No auto-shutdown'), description: vscode.l10n.t('default'), data: false },
            { label: vscode.l10n.t('Shut down every day at a set time…'), description: vscode.l10n.t('saves cost: a deallocated VM is not billed for compute'), data: true },
        ];
        const daily = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Auto-shutdown'), suppressPersistence: true })).data;
        context.autoShutdown = daily ? await askAutoShutdown(context.ui) : null;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && context.autoShutdown === undefined;
    }
}
