import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { listVmSizes } from '../../azure/create/catalog';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export class VmSizeStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks = listVmSizes(context.clients!, context.location!).then((sizes) =>
            sizes.map<IAzureQuickPickItem<string>>((s) => ({ label: s.name, description: vscode.l10n.t('{0} vCPU · {1} GB', s.vCpus, s.memoryGb), data: s.name })),
        );
        context.vmSize = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select the VM size'), noPicksMessage: vscode.l10n.t('No general-purpose sizes are available to this subscription in {0}.', context.location ?? '') })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && !context.vmSize;
    }
}
