import type { IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { filterSubscriptions, type SubscriptionInfo } from '../azure/subscriptions';
import { selectedSubscriptionIds, setSelectedSubscriptionIds } from '../session/settings';
import type { Services } from './services';

/** Chooses which subscriptions the tree shows; remembered in the setting azureDockerHosts.selectedSubscriptions. */
export async function selectSubscriptions(context: IActionContext, services: Services): Promise<void> {
    const source = services.session.source();
    const missing = await source.missingConfiguration();
    if (missing) {
        throw new Error(missing);
    }
    const all = source.listSubscriptions();
    const chosen = new Set(filterSubscriptions(await all, selectedSubscriptionIds()).map((s) => s.subscriptionId));
    const picks = (await all).map<IAzureQuickPickItem<SubscriptionInfo>>((s) => ({
        label: s.name,
        description: s.subscriptionId,
        data: s,
        picked: chosen.has(s.subscriptionId),
    }));
    const selected = await context.ui.showQuickPick(picks, {
        canPickMany: true,
        placeHolder: 'Select the subscriptions whose Docker hosts to show',
        isPickSelected: (p) => (p as IAzureQuickPickItem<SubscriptionInfo>).picked === true,
    });
    // Everything selected is stored as "all", so subscriptions added later show up too.
    const ids = selected.length === picks.length ? [] : selected.map((p) => p.data.subscriptionId);
    await setSelectedSubscriptionIds(ids);
    await services.tree.refresh(context);
}
