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

/** Runs one change against the manager with progress, then re-reads the swarm. */
export async function changeSwarm(context: IActionContext, node: AzExtTreeItem | undefined, title: string, change: (manager: EngineClient) => Promise<void>): Promise<void> {
    const { swarm, manager } = await swarmTarget(node);
    try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => change(manager));
    } catch (error) {
        context.errorHandling.suppressReportIssue = true;
        throw manager.toEngineError(error);
    } finally {
        await swarm.refresh(context);
    }
}
