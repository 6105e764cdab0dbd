import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pullImage } from '../../../docker/operations';
import type { Services } from '../../services';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import { withCancellableProgress } from '../../withCancellableProgress';
import { pickGroup } from '../engineItems';

/** Pulls an image onto the host, with the pull stream's progress in a cancellable notification. */
export async function pullImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const group = await pickGroup(context, services, 'image', node);
    const reference = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Image to pull onto {0}', group.engine.host.name), placeHolder: vscode.l10n.t('nginx:latest'), validateInput: (v) => (/^[\w.\-/:@]+$/.test(v.trim()) ? undefined : 'Enter an image reference such as nginx:latest or ghcr.io/org/app:1.2.') })).trim();
    const client = await group.engine.getClient();
    const result = await withCancellableProgress(vscode.l10n.t('Pulling {0} onto {1}', reference, group.engine.host.name), async (progress, signal) => {
        let reported = 0;
        return pullImage(client, reference, {
            signal,
            onProgress: (p) => {
                const percent = Math.round(p.fraction * 100);
                progress.report({ message: p.message, increment: Math.max(0, percent - reported) });
                reported = Math.max(reported, percent);
            },
        });
    });
    await refreshAfterAction(context, [group]);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} on {1}.', result.status ?? vscode.l10n.t('Pulled {0}', reference), group.engine.host.name));
}
