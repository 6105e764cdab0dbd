import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeNetwork } from '../../../docker/operations';
import type { NetworkSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { removeResources } from '../removeResources';

export function removeNetworkCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    return removeResources<NetworkSummary>(context, services, node, nodes, resourceContexts.userNetwork, (client, item, signal) => removeNetwork(client, item.id, { signal }));
}
