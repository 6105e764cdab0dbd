import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import type { ArmClients } from '../../azure/armClients';
import type { SubscriptionInfo } from '../../azure/subscriptions';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

/** Asked only when there is more than one subscription and none was preset. */
export class SubscriptionStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    constructor(private readonly clientsFor: (subscriptionId: string) => Promise<ArmClients>) {
        super();
    }

    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks = context.subscriptions.map<IAzureQuickPickItem<SubscriptionInfo>>((s) => ({ label: s.name, description: s.subscriptionId, data: s }));
        context.subscription = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select the subscription for the Docker host') })).data;
        context.clients = await this.clientsFor(context.subscription.subscriptionId);
    }

    public override undo(context: CreateDockerHostContext): void {
        context.subscription = undefined;
        context.clients = undefined;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.subscription;
    }
}
