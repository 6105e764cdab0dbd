import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { createArmClients } from '../../azure/armClients';
import { hostDir } from '../../host/hostFiles';
import type { LifecycleDeps } from '../../azure/lifecycle/lifecycleDeps';
import { DockerHostItem } from '../../tree/DockerHostItem';
import { SubscriptionItem } from '../../tree/SubscriptionItem';
import { pickHost } from '../pickHost';
import { azureRequestTimeoutMs } from '../../session/settings';
import type { Services } from '../services';

/** The host a lifecycle command acts on (also from a row under it), with what the core needs to act on it. */
export async function hostTarget(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<{ item: DockerHostItem; deps: LifecycleDeps; dir: string }> {
    let n: AzExtTreeItem | undefined = node;
    while (n && !(n instanceof DockerHostItem)) {
        n = n.parent;
    }
    const item = await pickHost(context, services, n);
    const subscription = item.parent instanceof SubscriptionItem ? item.parent.info : undefined;
    if (!subscription) {
        throw new Error(`Cannot tell which subscription ${item.host.name} is in; refresh the view and try again.`);
    }
    const cloud = services.session.cloud;
    return { item, deps: { clients: await createArmClients(cloud, subscription.credential, subscription.subscriptionId, { requestTimeoutMs: azureRequestTimeoutMs() }), cloud }, dir: hostDir(services.context.globalStorageUri.fsPath, item.host) };
}
