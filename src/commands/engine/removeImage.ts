import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeImage } from '../../docker/operations';
import type { ImageSummary } from '../../docker/summaries';
import type { Services } from '../services';
import { runEngineAction } from './engineAction';
import { pickResources } from './engineItems';

export async function removeImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickResources<ImageSummary>(context, services, /^(image|danglingImage)$/, node, nodes);
    const remove = { title: 'Remove' };
    await runEngineAction(context, items, {
        verb: 'Removing',
        confirm: (all) => ({ message: `Remove ${all.map((i) => `"${i.label}"`).join(', ')}? This cannot be undone.`, buttons: [remove] }),
        run: (item, client, _choice, signal) => removeImage(client, (item.item as ImageSummary & { reference?: string }).reference ?? item.item.id, { signal }),
    });
}
