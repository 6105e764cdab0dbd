import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeVolume } from '../../../docker/operations';
import type { VolumeSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { removeResources } from '../removeResources';

export function removeVolumeCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    return removeResources<VolumeSummary>(context, services, node, nodes, resourceContexts.volume, (client, item, signal) => removeVolume(client, item.name, { signal }));
}
