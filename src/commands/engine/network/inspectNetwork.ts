import { openReadOnlyJson, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { inspectNetwork } from '../../../docker/operations';
import type { NetworkSummary } from '../../../docker/summaries';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import type { Services } from '../../services';
import { pickResources } from '../engineItems';
import * as vscode from 'vscode';

export async function inspectNetworkCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<NetworkSummary>(context, services, resourceContexts.network, node);
    const data = await inspectNetwork(await item.engine.getClient(), item.item.id);
    await openReadOnlyJson({ label: vscode.l10n.t('{0}-inspect', item.label), fullId: `${item.fullId}/inspect` }, data);
}
