import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pruneDanglingImages } from '../../../docker/operations';
import type { Services } from '../../services';
import { pruneGroup } from '../pruneGroup';

export function pruneImagesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    return pruneGroup(context, services, node, 'image', 'dangling images', pruneDanglingImages);
}
