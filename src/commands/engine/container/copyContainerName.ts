import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

export async function copyContainerNameCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.any, node);
    await vscode.env.clipboard.writeText(item.container.name);
}
