import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeNetwork } from '../../docker/operations';
import type { NetworkSummary } from '../../docker/summaries';
import type { Services } from '../services';
import { runEngineAction } from './engineAction';
import { pickResources } from './engineItems';

export async function removeNetworkCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickResources<NetworkSummary>(context, services, /^network$/, node, nodes);
    const remove = { title: 'Remove' };
    await runEngineAction(context, items, {
        verb: 'Removing',
        confirm: (all) => ({ message: `Remove ${all.map((i) => `"${i.label}"`).join(', ')}? This cannot be undone.`, buttons: [remove] }),
        run: (item, client, _choice, signal) => removeNetwork(client, item.item.id, { signal }),
    });
}
