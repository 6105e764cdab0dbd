import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineClient } from '../../docker/engineClient';
import { ancestorOf } from '../../tree/ancestorOf';
import { SwarmItem } from '../../tree/swarm/SwarmItem';

/** The swarm a node or service row belongs to, and the manager its last read went to. */
export async function swarmTarget(node: AzExtTreeItem | undefined): Promise<{ swarm: SwarmItem; manager: EngineClient }> {
    const swarm = ancestorOf(node, SwarmItem);
    if (!swarm) {
        throw new Error(vscode.l10n.t('Run this from a row under a swarm in the Docker Hosts view.'));
    }
    await swarm.read();
    if (!swarm.managerClient) {
        throw new Error(vscode.l10n.t('No manager of swarm {0} answered.', swarm.swarmName));
    }
    return { swarm, manager: swarm.managerClient };
}

/** Runs one change against the manager with progress; the swarm's events show it, or, when they are not followed, a re-read. */
export async function changeSwarm(context: IActionContext, node: AzExtTreeItem | undefined, title: string, change: (manager: EngineClient) => Promise<void>): Promise<void> {
    const { swarm, manager } = await swarmTarget(node);
    try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => change(manager));
    } catch (error) {
        context.errorHandling.suppressReportIssue = true;
        throw manager.toEngineError(error);
    } finally {
        await refreshUnlessWatched(context, swarm);
    }
}

/** Re-reads a swarm after a change, unless its events are followed: they show the change, and a re-read would render its rows twice. */
export async function refreshUnlessWatched(context: IActionContext, swarm: SwarmItem): Promise<void> {
    if (!swarm.watched) {
        await swarm.refresh(context);
    }
}
