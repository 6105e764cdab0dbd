import type { AzExtTreeDataProvider } from '@microsoft/vscode-azext-utils';
import { DockerHostItem } from './DockerHostItem';
import { SubscriptionItem } from './SubscriptionItem';

/** The row of a subscription, or undefined when the tree does not show it. */
export async function findSubscriptionItem(tree: AzExtTreeDataProvider, subscriptionId: string): Promise<SubscriptionItem | undefined> {
    return (await tree.getChildren()).find((i) => i instanceof SubscriptionItem && i.info.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()) as SubscriptionItem | undefined;
}

/** The row of a host, loading its subscription's children if needed. */
export async function findHostItem(tree: AzExtTreeDataProvider, subscriptionId: string, resourceGroup: string, name: string): Promise<DockerHostItem | undefined> {
    const subscription = await findSubscriptionItem(tree, subscriptionId);
    if (!subscription) {
        return undefined;
    }
    const hosts = await tree.getChildren(subscription);
    return hosts.find((h): h is DockerHostItem => h instanceof DockerHostItem && h.host.name === name && h.host.resourceGroup.toLowerCase() === resourceGroup.toLowerCase());
}
