import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { removeContainer } from '../../../docker/operations';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { runEngineAction } from '../engineAction';
import { pickContainers } from '../engineItems';
import * as vscode from 'vscode';

/** Asks first; a running container is removed only with the user's explicit "Force Remove". */
export async function removeContainerCommand(context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]): Promise<void> {
    const items = await pickContainers(context, services, containerContexts.any, node, nodes);
    const force = { title: vscode.l10n.t('Force Remove') };
    const remove = { title: vscode.l10n.t('Remove') };
    await runEngineAction(context, items, {
        verb: 'Removing',
        confirm: (all) => {
            const running = all.filter((i) => /^(running|paused|restarting)$/.test(i.container.state));
            const names = all.map((i) => `"${i.container.name}"`).join(', ');
            return running.length > 0
                ? { message: vscode.l10n.t('Remove {0}? {1} {2} running and will be stopped and removed.', names, running.map((i) => i.container.name).join(', '), running.length === 1 ? 'is' : 'are'), buttons: [force] }
                : { message: vscode.l10n.t('Remove {0}? This cannot be undone.', names), buttons: [remove] };
        },
        run: (item, client, choice, signal) => removeContainer(client, item.container.id, { force: choice === force, signal }),
    });
}
