import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { inspectImage } from '../../../docker/operations';
import type { ImageSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { pickResources } from '../engineItems';
import * as vscode from 'vscode';

export async function inspectImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<ImageSummary>(context, services, resourceContexts.image, node);
    const data = await inspectImage(await item.engine.getClient(), item.item.id);
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-inspect', item.label), fullId: `${item.fullId}/inspect` }, data);
}
