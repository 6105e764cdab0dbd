import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pushImage, tagImage } from '../../../docker/operations';
import type { ImageSummary } from '../../../docker/summaries';
import { parseImageReference, validateRepositoryAndTag } from '../../../registry/imageReference';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';
import { pickResources } from '../engineItems';
import { transferProgress } from './transferProgress';

/**
 * Push to Registry…: picks a registry of the Registries view and a repository and tag, tags the
 * host's image with that name and has the engine push it with the registry's credentials, with
 * per-layer progress and cancel.
 */
export async function pushImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<ImageSummary & { reference?: string }>(context, services, resourceContexts.image, node);
    const source = item.item.reference ?? item.item.id;
    const current = item.item.reference ? parseImageReference(item.item.reference) : undefined;
    const picks: IAzureQuickPickItem<string>[] = [
        ...(await services.registries.azureRegistries().catch(() => [])).map((r) => ({ label: r.name, description: r.loginServer, detail: vscode.l10n.t('Azure Container Registry'), data: r.loginServer })),
        ...services.registries.otherRegistries().map((r) => ({ label: r.server, description: r.username, data: r.server })),
    ];
    if (picks.length === 0) {
        throw new Error(vscode.l10n.t('There is no registry to push to: add one under Other registries in the Registries view, or create an Azure Container Registry.'));
    }
    const server = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Registry to push {0} to', source) })).data;
    const repository = (await context.ui.showInputBox({
        prompt: vscode.l10n.t('Repository in {0}', server), value: current?.repository.split('/').pop(),
        validateInput: (v) => validateRepositoryAndTag(v.trim(), 'latest'),
    })).trim();
    const tag = (await context.ui.showInputBox({
        prompt: vscode.l10n.t('Tag'), value: current?.tag ?? 'latest', validateInput: (v) => validateRepositoryAndTag(repository, v.trim()),
    })).trim();
    const client = await item.engine.getClient();
    const target = `${server}/${repository}`;
    await tagImage(client, source, target, tag);
    const result = await withCancellableProgress(vscode.l10n.t('Pushing {0} from {1}', `${target}:${tag}`, item.engine.host.name), (progress, signal) =>
        services.registries.logins.withEngineAuth(`${target}:${tag}`, 'push', (auth) =>
            pushImage(client, target, tag, { signal, auth, onProgress: transferProgress(progress) }), signal));
    await refreshAfterAction(context, [item]);
    await services.registriesTree.refresh(context);
    void vscode.window.showInformationMessage(result.status ?? vscode.l10n.t('Pushed {0}:{1}.', target, tag));
}
