import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { inspectContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';
import * as vscode from 'vscode';

export async function inspectContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.any, node);
    const data = await inspectContainer(await item.engine.getClient(), item.container.id);
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-inspect', item.container.name), fullId: `${item.fullId}/inspect` }, data);
}
