import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { projectContainers, projectVolumes, removeProject, restartProject, startProject, stopProject } from '../../../docker/compose/composeProject';
import { followProjectLogs } from '../../../docker/compose/projectLogs';
import type { EngineClient } from '../../../docker/engineClient';
import { ComposeProjectItem, composeProjectContextPattern } from '../../../tree/engine/EngineGroupItem';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';

/** The compose project row the command was run on, or one picked from the palette. */
async function pickProject(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<ComposeProjectItem> {
    return node instanceof ComposeProjectItem ? node : services.tree.showTreeItemPicker<ComposeProjectItem>(composeProjectContextPattern, context);
}

/** A host with a live event stream refreshes by itself; otherwise the Containers group is listed again. */
async function refreshUnwatched(context: IActionContext, item: ComposeProjectItem): Promise<void> {
    if (!item.engine.watching) {
        await item.parent?.refresh(context);
    }
}

type ProjectAction = (client: EngineClient, project: string, options: { signal: AbortSignal }) => Promise<unknown>;

/** Runs a group action on every container of the project, with progress and cancel; the tree follows by events. */
function groupAction(title: (project: string, host: string) => string, act: ProjectAction) {
    return async (context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> => {
        const item = await pickProject(context, services, node);
        const client = await item.engine.getClient();
        await withCancellableProgress(title(item.project, item.engine.host.name), (_progress, signal) => act(client, item.project, { signal }));
        await refreshUnwatched(context, item);
    };
}

export const startComposeProjectCommand = groupAction((p, h) => vscode.l10n.t('Starting {0} on {1}…', p, h), startProject);
export const stopComposeProjectCommand = groupAction((p, h) => vscode.l10n.t('Stopping {0} on {1}…', p, h), stopProject);
export const restartComposeProjectCommand = groupAction((p, h) => vscode.l10n.t('Restarting {0} on {1}…', p, h), restartProject);

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
    await refreshUnwatched(context, item);
}

/** Every service's logs in one document, in time order, each line prefixed by its service, followed live. */
export async function viewComposeProjectLogsCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickProject(context, services, node);
    const client = await item.engine.getClient();
    await services.liveDocuments.open(`${item.engine.host.name}/${item.project}.log`, 'log', async (doc) => {
        let width = 0;
        const logs = await followProjectLogs(client, item.project, {
            // Lines are released after the merge window, by which time the services are known.
            onLine: (line) => doc.append(`${line.service.padEnd(width)} | ${line.text}`),
        });
        width = Math.max(0, ...logs.containers.map((c) => c.service.length));
        return () => logs.stop();
    });
}
