import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import type { Services } from './services';

/** Refreshes the whole view, or one subscription when run from its row. */
export async function refreshCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    await services.tree.refresh(context, node);
}
