import type { IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import type { SubscriptionInfo } from '../azure/subscriptions';
import { setSelectedSubscriptionIds } from '../session/settings';
import type { Services } from './services';
import * as vscode from 'vscode';

/** Chooses which subscriptions the tree shows; remembered in the setting azureDockerHosts.selectedSubscriptions. */
export async function selectSubscriptionsCommand(context: IActionContext, services: Services): Promise<void> {
    const missing = await services.session.source().missingConfiguration();
    if (missing) {
        throw new Error(missing);
    }
    const picks = (await services.session.allSubscriptions()).map<IAzureQuickPickItem<SubscriptionInfo>>((s) => ({
        label: s.name,
        description: s.subscriptionId,
        data: s,
        picked: services.session.isVisible(s),
    }));
    const selected = await context.ui.showQuickPick(picks, {
        canPickMany: true,
        placeHolder: vscode.l10n.t('Select the subscriptions whose Docker hosts to show'),
        isPickSelected: (p) => (p as IAzureQuickPickItem<SubscriptionInfo>).picked === true,
    });
    // Everything selected is stored as "all", so subscriptions added later show up too.
    const ids = selected.length === picks.length ? [] : selected.map((p) => p.data.subscriptionId);
    await setSelectedSubscriptionIds(ids);
    await services.tree.refresh(context);
}
