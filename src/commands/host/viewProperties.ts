import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';
import * as vscode from 'vscode';

/** The VM as Azure describes it, with its instance view, read-only. */
export async function viewPropertiesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const vm = await deps.clients.compute.virtualMachines.get(item.host.resourceGroup, item.host.name, { expand: 'instanceView' });
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-properties', item.host.name), fullId: `${item.fullId}/properties` }, vm);
}
