import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { CreateSwarmContext } from './CreateSwarmContext';

/** 1 or 3 managers: with 3 the swarm keeps working when one is lost. */
export class ManagerCountStep extends AzureWizardPromptStep<CreateSwarmContext> {
    public async prompt(context: CreateSwarmContext): Promise<void> {
        const picks = [
            { label: vscode.l10n.t('1 manager'), description: vscode.l10n.t('the swarm stops being managed if it is lost'), data: 1 },
            { label: vscode.l10n.t('3 managers'), description: vscode.l10n.t('keeps working when one is lost'), data: 3 },
        ];
        context.managers = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('How many managers?'), suppressPersistence: true })).data;
    }

    public shouldPrompt(context: CreateSwarmContext): boolean {
        return context.managers === undefined;
    }
}
