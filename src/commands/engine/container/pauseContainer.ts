import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pauseContainer } from '../../../docker/operations';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';

export const pauseContainerCommandContext = /^runningContainer$/;

export async function pauseContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, pauseContainerCommandContext, node, nodes);
    await runEngineAction(context, items, { verb: 'Pausing', run: (item, client, _choice, signal) => pauseContainer(client, item.container.id, { signal }) });
}
