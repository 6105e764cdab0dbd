import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pruneNetworks } from '../../../docker/operations';
import type { Services } from '../../services';
import { pruneGroup } from '../pruneGroup';

export function pruneNetworksCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    return pruneGroup(context, services, node, 'network', 'unused networks', pruneNetworks);
}
