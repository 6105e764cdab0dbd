import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import type { LifecycleDeps } from '../../azure/lifecycle/lifecycleDeps';
import { hostDir } from '../../host/hostFiles';
import type { DockerHostItem } from '../../tree/DockerHostItem';
import { pickHost } from '../pickHost';
import type { Services } from '../services';

/** The host a lifecycle command acts on (also from a row under it), with what the core needs to act on it. */
export async function hostTarget(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<{ item: DockerHostItem; deps: LifecycleDeps; dir: string }> {
    const item = await pickHost(context, services, node);
    const deps = { clients: await services.session.clientsFor(item.host.subscriptionId), cloud: services.session.cloud };
    return { item, deps, dir: hostDir(services.extensionContext.globalStorageUri.fsPath, item.host) };
}
