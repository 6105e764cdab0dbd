import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { ancestorOf } from '../tree/ancestorOf';
import { dockerHostContextPattern, DockerHostItem } from '../tree/DockerHostItem';
import type { Services } from './services';

/** The host a command runs on: the row it was run from (or a row under it), or one the user picks (from the palette). */
export async function pickHost(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<DockerHostItem> {
    const row = ancestorOf(node, DockerHostItem);
    if (row) {
        return row;
    }
    return services.tree.showTreeItemPicker<DockerHostItem>(dockerHostContextPattern, context);
}
