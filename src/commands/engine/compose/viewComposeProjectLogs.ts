import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { followProjectLogs } from '../../../docker/compose/projectLogs';
import type { Services } from '../../services';
import { pickProject } from './composeProjectAction';

/** Every service's logs in one document, in time order, each line prefixed by its service, followed live. */
export async function viewComposeProjectLogsCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickProject(context, services, node);
    const client = await item.engine.getClient();
    await services.liveDocuments.open(`${item.engine.host.name}/${item.project}.log`, 'log', async (doc) => {
        let width = 0;
        const logs = await followProjectLogs(client, item.project, {
            // No line is released before followProjectLogs has returned the services.
            onLine: (line) => doc.append(`${line.service.padEnd(width)} | ${line.text}`),
        });
        width = Math.max(0, ...logs.containers.map((c) => c.service.length));
        return () => logs.stop();
    });
}
