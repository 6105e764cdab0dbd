import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { startContainer } from '../../../docker/operations';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export const startContainerCommandContext = /^(exited|created|dead)Container$/;

export async function startContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, startContainerCommandContext, node, nodes);
    await runEngineAction(context, items, { verb: 'Starting', run: (item, client, _choice, signal) => startContainer(client, item.container.id, { signal }) });
}
