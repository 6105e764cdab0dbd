import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import { isDnsLabelAvailable, resourceGroupExists } from '../../azure/create/catalog';
import { validateHostName } from '../../azure/create/validateHostName';
import { askName } from './askName';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

/** The VM name, also the DNS label of its address: checked as the user types, then against Azure. */
export class HostNameStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const clients = context.clients!;
        const location = context.location!;
        context.name = await askName(context, {
            prompt: vscode.l10n.t('Name of the Docker host (also its DNS label)'),
            placeHolder: vscode.l10n.t('my-docker-host'),
            value: context.name,
            validate: validateHostName,
            taken: async (name) => {
                if (!(await isDnsLabelAvailable(clients, location, name))) {
                    return vscode.l10n.t('The DNS label "{0}" is already taken in {1}; choose another name.', name, location);
                }
                if (!context.advanced && (await resourceGroupExists(clients, `${name}-rg`))) {
                    return vscode.l10n.t('A resource group "{0}" already exists; choose another name, or use advanced mode to pick a resource group.', `${name}-rg`);
                }
                return undefined;
            },
        });
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.name;
    }
}
