import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import { isDnsLabelAvailable, resourceGroupExists } from '../../azure/create/catalog';
import { validateHostName } from '../../azure/create/validateHostName';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

/** The VM name, also the DNS label of its address: checked as the user types, then against Azure. */
export class HostNameStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const clients = context.clients!;
        const location = context.location!;
        context.name = (
            await context.ui.showInputBox({
                prompt: vscode.l10n.t('Name of the Docker host (also its DNS label)'),
                placeHolder: vscode.l10n.t('my-docker-host'),
                value: context.name,
                validateInput: (value) => validateHostName(value),
                asyncValidationTask: async (value) => {
                    const name = value.trim();
                    if (validateHostName(name) !== undefined) {
                        return undefined; // the synchronous rule already says what is wrong
                    }
                    if (!(await isDnsLabelAvailable(clients, location, name))) {
                        return `The DNS label "${name}" is already taken in ${location}; choose another name.`;
                    }
                    if (!context.advanced && (await resourceGroupExists(clients, `${name}-rg`))) {
                        return `A resource group "${name}-rg" already exists; choose another name, or use advanced mode to pick a resource group.`;
                    }
                    return undefined;
                },
            })
        ).trim();
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.name;
    }
}
