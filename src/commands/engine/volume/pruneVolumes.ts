import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pruneVolumes } from '../../../docker/operations';
import type { Services } from '../../services';
import { pruneGroup } from '../pruneGroup';

export function pruneVolumesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    return pruneGroup(context, services, node, 'volume', 'unused volumes', pruneVolumes);
}
