import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pullImage, type PullResult } from '../../../docker/operations';
import type { DockerHostItem } from '../../../tree/DockerHostItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';
import { transferProgress } from './transferProgress';

/**
 * Pulls `reference` onto the host with its registry's credentials when the registry is a known
 * one (an Azure Container Registry of the selected subscriptions, or an added one), in a
 * cancellable progress notification; then refreshes the host's images.
 */
export async function pullToHost(context: IActionContext, services: Services, host: DockerHostItem, reference: string): Promise<PullResult> {
    const client = await host.engine.getClient();
    const result = await withCancellableProgress(vscode.l10n.t('Pulling {0} onto {1}', reference, host.engine.host.name), (progress, signal) =>
        services.registries.logins.withEngineAuth(reference, 'pull', (auth) =>
            pullImage(client, reference, { signal, auth, onProgress: transferProgress(progress) }), signal));
    await refreshAfterAction(context, [host.groups.get('image')]);
    return result;
}
