import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeImage } from '../../../docker/operations';
import type { ImageSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { removeResources } from '../removeResources';

export function removeImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    return removeResources<ImageSummary & { reference?: string }>(context, services, node, nodes, resourceContexts.image, (client, item, signal) => removeImage(client, item.reference ?? item.id, { signal }));
}
