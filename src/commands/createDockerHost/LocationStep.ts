import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { orderLocations } from '../../azure/create/catalog';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export const lastLocationKey = 'azureDockerHosts.lastLocation';

/**
 * Asked before the name: the name is the public IP's DNS label, whose availability is per location.
 */
export class LocationStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    constructor(private readonly lastUsed: () => string | undefined) {
        super();
    }

    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const subscription = context.subscription!;
        // The session's clients: the request timeout, the request log and the tenant's throttle apply.
        const client = context.clients!.subscriptions;
        const picks = (async () => {
            const all: { name: string; displayName: string; regionalDisplayName?: string }[] = [];
            for await (const l of client.subscriptions.listLocations(subscription.subscriptionId)) {
                if (l.name && (l.metadata?.regionType ?? 'Physical') === 'Physical') {
                    all.push({ name: l.name, displayName: l.displayName ?? l.name });
                }
            }
            const last = this.lastUsed();
            return orderLocations(all, last).map<IAzureQuickPickItem<string>>((l) => ({
                label: l.displayName,
                description: l.name === last ? vscode.l10n.t('{0} · last used', l.name) : l.name,
                data: l.name,
            }));
        })();
        context.location = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select the location of the Docker host'), suppressPersistence: true })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.location;
    }
}
