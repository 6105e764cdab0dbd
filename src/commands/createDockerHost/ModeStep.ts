import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

/** Asked only when azureDockerHosts.createMode is "ask". */
export class ModeStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks: IAzureQuickPickItem<boolean>[] = [
            { label: 'Basic', description: 'Name and location; sensible defaults for the rest', data: false },
            { label: 'Advanced', description: 'Also size, image, user, SSH key, port, firewall source and resource group', data: true },
        ];
        context.advanced = (await context.ui.showQuickPick(picks, { placeHolder: 'How much do you want to choose?', suppressPersistence: true })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return context.advanced === undefined;
    }
}
