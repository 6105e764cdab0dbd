import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { pullToHost } from '../engine/image/pullToHost';
import { runImageOnHost } from '../engine/image/runImage';
import { pickHost } from '../pickHost';
import type { Services } from '../services';
import { pickTag } from './pickRegistryItems';

/** Run on Host…: pulls the tag's image onto a host the user picks, then runs the Run wizard on it. */
export async function runTagOnHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const tag = await pickTag(context, services, node);
    const host = await pickHost(context, services);
    await pullToHost(context, services, host, tag.imageName);
    await runImageOnHost(context, host.engine, tag.imageName, host);
}
