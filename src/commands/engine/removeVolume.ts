import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeVolume } from '../../docker/operations';
import type { VolumeSummary } from '../../docker/summaries';
import type { Services } from '../services';
import { runEngineAction } from './engineAction';
import { pickResources } from './engineItems';

export async function removeVolumeCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickResources<VolumeSummary>(context, services, /^volume$/, node, nodes);
    const remove = { title: 'Remove' };
    await runEngineAction(context, items, {
        verb: 'Removing',
        confirm: (all) => ({ message: `Remove ${all.map((i) => `"${i.label}"`).join(', ')}? This cannot be undone.`, buttons: [remove] }),
        run: (item, client, _choice, signal) => removeVolume(client, item.item.name, { signal }),
    });
}
