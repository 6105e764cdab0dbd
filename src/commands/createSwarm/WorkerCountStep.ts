import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { maxSwarmWorkers, validateSwarmSize } from '../../azure/create/swarmPlan';
import type { CreateSwarmContext } from './CreateSwarmContext';

/** How many workers (0 to 20): every node is a VM of the chosen size. */
export class WorkerCountStep extends AzureWizardPromptStep<CreateSwarmContext> {
    public async prompt(context: CreateSwarmContext): Promise<void> {
        const value = await context.ui.showInputBox({
            prompt: vscode.l10n.t('Number of workers (0 to {0})', maxSwarmWorkers),
            value: String(context.workers ?? 2),
            validateInput: (text) => (/^\d+$/.test(text.trim()) ? validateSwarmSize(context.managers ?? 1, Number(text.trim())) : vscode.l10n.t('Enter a number of workers from 0 to {0}.', maxSwarmWorkers)),
        });
        context.workers = Number(value.trim());
    }

    public shouldPrompt(context: CreateSwarmContext): boolean {
        return context.workers === undefined;
    }
}
