import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { DockerHostItem } from '../tree/DockerHostItem';
import { pickHost } from './pickHost';
import type { Services } from './services';

/** Tries the engine again now: reconnects the event stream and re-reads the host's subtree. */
export async function retryHost(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    let n: AzExtTreeItem | undefined = node;
    while (n && !(n instanceof DockerHostItem)) {
        n = n.parent;
    }
    const item = await pickHost(context, services, n);
    await services.refreshManager.retry(item);
}
