import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pauseContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export async function pauseContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.running, node, nodes);
    await runEngineAction(context, items, { verb: 'Pausing', run: (item, client, _choice, signal) => pauseContainer(client, item.container.id, { signal }) });
}
