import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { followLogs } from '../../../docker/logs';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

/** Streams and follows a container's logs into a read-only document; closing it stops the stream. */
export async function viewContainerLogsCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.any, node);
    const client = await item.engine.getClient();
    await services.liveDocuments.open(`${item.engine.host.name}/${item.container.name}.log`, 'log', async (doc) => {
        // The end of the stream (container stopped, engine lost) arrives as a last 'notice' line.
        const follower = await followLogs(client, item.container.id, { onLine: (line) => doc.append(line), tail: 1000 });
        return () => follower.stop();
    });
}
