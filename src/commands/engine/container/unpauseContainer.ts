import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { unpauseContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export async function unpauseContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.paused, node, nodes);
    await runEngineAction(context, items, { verb: 'Resuming', run: (item, client, _choice, signal) => unpauseContainer(client, item.container.id, { signal }) });
}
