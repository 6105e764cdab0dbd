import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineClient } from '../../docker/engineClient';
import type { HostEngine } from '../../docker/hostEngines';
import { refreshAfterAction } from '../../tree/engine/refreshAfterAction';
import { withCancellableProgress } from '../withCancellableProgress';

export interface EngineActionSpec<T> {
    /** "Stopping", shown in progress: "Stopping web-1…" */
    readonly verb: string;
    /** Asked in a modal before anything happens; the user's choice is passed to run. */
    readonly confirm?: (items: T[]) => { message: string; buttons: vscode.MessageItem[] } | undefined;
    readonly run: (item: T, client: EngineClient, choice: vscode.MessageItem | undefined, signal: AbortSignal) => Promise<unknown>;
}

/**
 * Runs one engine action on every selected item at once, with a cancellable progress notification.
 * Failures are collected and reported together, each with its cause; the touched rows refresh.
 */
export async function runEngineAction<T extends AzExtTreeItem & { engine: HostEngine; label: string }>(context: IActionContext, items: T[], spec: EngineActionSpec<T>): Promise<void> {
    let choice: vscode.MessageItem | undefined;
    const confirm = spec.confirm?.(items);
    if (confirm) {
        choice = await context.ui.showWarningMessage(confirm.message, { modal: true }, ...confirm.buttons, DialogResponses.cancel);
    }
    const names = items.length === 1 ? items[0].label : `${items.length} items`;
    const failures = await withCancellableProgress(`${spec.verb} ${names}…`, async (_progress, signal) => {
        const results = await Promise.allSettled(items.map(async (item) => spec.run(item, await item.engine.getClient(), choice, signal)));
        return results.flatMap((r, i) => (r.status === 'rejected' ? [{ item: items[i], error: r.reason as unknown }] : []));
    });
    await refreshAfterAction(context, items);
    if (failures.length > 0) {
        const lines = await Promise.all(
            failures.map(async ({ item, error }) => `${item.label}: ${await item.engine.explain(error)}`),
        );
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} failed for {1}', spec.verb, lines.join(' · ')));
    }
}
