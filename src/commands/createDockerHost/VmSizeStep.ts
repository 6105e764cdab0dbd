import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { listVmSizes } from '../../azure/create/catalog';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

export class VmSizeStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks = listVmSizes(context.clients!, context.location!).then((sizes) =>
            sizes.map<IAzureQuickPickItem<string>>((s) => ({ label: s.name, description: `${s.vCpus} vCPU · ${s.memoryGb} GB`, data: s.name })),
        );
        context.vmSize = (await context.ui.showQuickPick(picks, { placeHolder: 'Select the VM size', noPicksMessage: `No general-purpose sizes are available to this subscription in ${context.location}.` })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && !context.vmSize;
    }
}
