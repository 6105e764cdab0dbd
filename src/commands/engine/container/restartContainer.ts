import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { restartContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export async function restartContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.restartable, node, nodes);
    await runEngineAction(context, items, { verb: 'Restarting', run: (item, client, _choice, signal) => restartContainer(client, item.container.id, { signal }) });
}
