import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { isDnsLabelAvailable, resourceGroupExists } from '../../azure/create/catalog';
import { validateSwarmName } from '../../azure/create/swarmPlan';
import { askName } from '../createDockerHost/askName';
import type { CreateSwarmContext } from './CreateSwarmContext';

/** The swarm's name: its resource group is `<name>-rg` and its nodes `<name>-m1`, `<name>-w1`… */
export class SwarmNameStep extends AzureWizardPromptStep<CreateSwarmContext> {
    public async prompt(context: CreateSwarmContext): Promise<void> {
        const clients = context.clients!;
        const location = context.location!;
        context.name = await askName(context, {
            prompt: vscode.l10n.t('Name of the swarm (its nodes are named after it)'),
            placeHolder: vscode.l10n.t('my-swarm'),
            value: context.name,
            validate: validateSwarmName,
            taken: async (name) => {
                if (await resourceGroupExists(clients, `${name}-rg`)) {
                    return vscode.l10n.t('A resource group "{0}" already exists; choose another name.', `${name}-rg`);
                }
                if (!(await isDnsLabelAvailable(clients, location, `${name}-m1`))) {
                    return vscode.l10n.t('The DNS label "{0}" of the first manager is already taken in {1}; choose another name.', `${name}-m1`, location);
                }
                return undefined;
            },
        });
    }

    public shouldPrompt(context: CreateSwarmContext): boolean {
        return !context.name;
    }
}
