import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { stopContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export async function stopContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.stoppable, node, nodes);
    await runEngineAction(context, items, { verb: 'Stopping', run: (item, client, _choice, signal) => stopContainer(client, item.container.id, { signal }) });
}
