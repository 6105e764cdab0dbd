import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { inspectVolume } from '../../../docker/operations';
import type { VolumeSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { pickResources } from '../engineItems';
import * as vscode from 'vscode';

export async function inspectVolumeCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<VolumeSummary>(context, services, resourceContexts.volume, node);
    const data = await inspectVolume(await item.engine.getClient(), item.item.name);
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-inspect', item.label), fullId: `${item.fullId}/inspect` }, data);
}
