import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { projectContainers, projectVolumes, removeProject } from '../../../docker/compose/composeProject';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';
import { pickProject } from './composeProjectAction';

/** Removes the containers and the project's networks; its volumes only when asked, after naming them. */
export async function removeComposeProjectCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickProject(context, services, node);
    const client = await item.engine.getClient();
    const [containers, volumes] = await Promise.all([projectContainers(client, item.project), projectVolumes(client, item.project)]);
    const remove = { title: vscode.l10n.t('Remove') };
    const withVolumes = { title: vscode.l10n.t('Remove with Volumes…') };
    const choice = await context.ui.showWarningMessage(
        vscode.l10n.t('Remove the compose project {0} from {1}: its {2} containers and its networks? Its volumes are kept unless you choose otherwise.', item.project, item.engine.host.name, containers.length),
        { modal: true },
        ...(volumes.length ? [remove, withVolumes] : [remove]),
    );
    let removeVolumes: string[] = [];
    if (choice === withVolumes) {
        await context.ui.showWarningMessage(
            vscode.l10n.t('Also delete these volumes and all their data: {0}? This cannot be undone.', volumes.join(', ')),
            { modal: true },
            { title: vscode.l10n.t('Delete Volumes') },
        );
        removeVolumes = volumes;
    }
    await withCancellableProgress(vscode.l10n.t('Removing {0} from {1}…', item.project, item.engine.host.name), (_progress, signal) => removeProject(client, item.project, { signal, volumes: removeVolumes }));
    await refreshAfterAction(context, [item]);
}
