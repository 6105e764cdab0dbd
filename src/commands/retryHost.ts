import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pickHost } from './pickHost';
import type { Services } from './services';

/** Tries the engine again now: reconnects the event stream and re-reads the host's subtree. */
export async function retryHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    await services.refreshManager.retry(item);
}
