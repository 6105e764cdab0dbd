import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { startContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export async function startContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.startable, node, nodes);
    await runEngineAction(context, items, { verb: 'Starting', run: (item, client, _choice, signal) => startContainer(client, item.container.id, { signal }) });
}
