import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { tagImage } from '../../../docker/operations';
import type { ImageSummary } from '../../../docker/summaries';
import { parseImageReference } from '../../../registry/imageReference';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import type { Services } from '../../services';
import { pickResources } from '../engineItems';

/** Tag…: gives an image on the host another name, [registry/]repository:tag. */
export async function tagImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<ImageSummary & { reference?: string }>(context, services, resourceContexts.image, node);
    const source = item.item.reference ?? item.item.id;
    const name = (await context.ui.showInputBox({
        prompt: vscode.l10n.t('New name for {0}, as [registry/]repository:tag', source),
        value: item.item.reference,
        validateInput: (v) => (parseImageReference(v.trim())?.tag && !v.includes('@') ? undefined : vscode.l10n.t('Enter a name such as team/web:1.0 or contoso.azurecr.io/team/web:1.0.')),
    })).trim();
    const colon = name.lastIndexOf(':');
    await tagImage(await item.engine.getClient(), source, name.slice(0, colon), name.slice(colon + 1));
    await refreshAfterAction(context, [item]);
}
