import { callWithTelemetryAndErrorHandling, type AzExtTreeDataProvider, type AzExtTreeItem, type IAzExtLogOutputChannel } from '@microsoft/vscode-azext-utils';
import type * as vscode from 'vscode';
import type { ChangeReason } from '../../docker/events';
import { DockerHostItem } from '../DockerHostItem';
import type { HostEngines } from '../../docker/hostEngines';

/**
 * Every rule for refreshing engine subtrees, in one place. A host gets one event stream while it is
 * expanded and the view is visible; a collapsed or hidden host sends no requests at all. Changes
 * refresh only the groups they touch, and each refresh is logged with its reason.
 */
export class EngineRefreshManager implements vscode.Disposable {
    /** The newest tree item per host id: items are re-created when their subscription refreshes. */
    private readonly items = new Map<string, DockerHostItem>();
    private readonly expanded = new Set<string>();
    /** Hosts whose stream was stopped while they were shown: what changed meanwhile was not heard. */
    private readonly stopped = new Set<string>();
    private readonly disposables: vscode.Disposable[] = [];

    constructor(private readonly tree: AzExtTreeDataProvider, private readonly view: vscode.TreeView<AzExtTreeItem>, engines: HostEngines, private readonly output: IAzExtLogOutputChannel) {
        // A host expands before its engine answers; the stream starts once it has.
        engines.onStatusChange = () => this.sync();
        this.disposables.push(
            tree.onTreeItemCreate((item) => item instanceof DockerHostItem && this.items.set(item.id!, item)),
            view.onDidExpandElement((e) => e.element instanceof DockerHostItem && this.setExpanded(e.element, true)),
            view.onDidCollapseElement((e) => e.element instanceof DockerHostItem && this.setExpanded(e.element, false)),
            view.onDidChangeVisibility(() => this.sync()),
            // Children restored as expanded after a reload or a refresh also count as expanded.
            tree.onDidExpandOrRefreshExpandedTreeItem((item) => item instanceof DockerHostItem && this.setExpanded(item, true)),
        );
    }

    private setExpanded(item: DockerHostItem, expanded: boolean): void {
        this.items.set(item.id!, item);
        if (expanded) {
            this.expanded.add(item.id!);
        } else {
            this.expanded.delete(item.id!);
        }
        this.sync();
    }

    /** Starts a stream for each expanded host with a reachable engine while the view is visible; stops every other. */
    private sync(): void {
        for (const [id, item] of this.items) {
            // Once started, a stream stays while the host is expanded and visible: it reconnects by itself.
            // A stream this manager stopped comes back whatever the status: after a reconnect the status
            // is 'unknown' until the host is read again, and waiting for that would leave the host deaf.
            const status = item.engine.status;
            const vmStopped = status.state === 'unreachable' && status.error.kind === 'vmStopped';
            const answered = status.state === 'connected' || item.engine.watching || (this.stopped.has(id) && !vmStopped);
            const wanted = this.view.visible && this.expanded.has(id) && answered;
            if (this.stopped.has(id) && !wanted) {
                // Why a stopped stream stays stopped: what a failure report needs to tell the cases apart.
                this.output.trace(`Event stream of ${item.host.name} stays stopped: view visible ${this.view.visible}, host expanded ${this.expanded.has(id)}, engine ${status.state}`);
            }
            if (wanted && !item.engine.watching) {
                // Nothing was heard while this host's stream was stopped (view hidden, host folded):
                // once the new stream is up, the host is read again, as after a reconnect.
                let missed = this.stopped.delete(id);
                void item.engine
                    .watch(
                        (reason) => this.onChange(id, reason),
                        (status) => {
                            this.items.get(id)?.onEventsStatus(status);
                            if (missed && status.state === 'connected') {
                                missed = false;
                                this.relistGroups(id);
                            }
                        },
                    )
                    .catch((error: unknown) => this.output.warn(`Could not watch the engine of ${item.host.name}: ${String(error)}`));
            } else if (!wanted && item.engine.watching && (!this.view.visible || !this.expanded.has(id))) {
                item.engine.unwatch();
                this.stopped.add(id);
            }
        }
    }

    private onChange(id: string, reason: ChangeReason): void {
        const item = this.items.get(id);
        if (!item) {
            return;
        }
        const why = reason.cause === 'events' ? `${reason.count} event(s) for ${reason.scopes.join(', ')}` : reason.cause;
        this.output.trace(`Refreshing ${item.host.name}: ${why}`);
        void callWithTelemetryAndErrorHandling('engineRefresh', async (context) => {
            context.errorHandling.suppressDisplay = true;
            context.telemetry.suppressAll = true;
            const groups = reason.cause === 'events' ? reason.scopes.map((s) => item.groups.get(s)) : [];
            if (groups.length > 0 && groups.every((g) => g !== undefined)) {
                await Promise.all(groups.map((g) => g!.refreshFromEngine(context)));
            } else if (reason.cause === 'reconnected' && (await item.engineIsBack())) {
                // The host row stays as it is: while VS Code re-reads a row, a menu command clicked on it gets no row.
                await Promise.all([...item.groups.values()].map((g) => g.refreshFromEngine(context)));
            } else {
                await this.tree.refresh(context, item);
            }
        });
    }

    /** Lists the host's groups again in place; the host row itself is left as it is (open, selected). */
    private relistGroups(id: string): void {
        const item = this.items.get(id);
        if (!item || item.groups.size === 0) {
            return;
        }
        this.output.trace(`Refreshing ${item.host.name}: its event stream restarted`);
        void callWithTelemetryAndErrorHandling('engineRefresh', async (context) => {
            context.errorHandling.suppressDisplay = true;
            context.telemetry.suppressAll = true;
            await Promise.all([...item.groups.values()].map((g) => g.refreshFromEngine(context)));
        });
    }

    /** Reconnects a host's stream now (the Retry action), or re-reads it when it has none. */
    async retry(item: DockerHostItem): Promise<void> {
        item.engine.reconnectNow();
        await callWithTelemetryAndErrorHandling('engineRetry', (context) => this.tree.refresh(context, item));
    }

    dispose(): void {
        for (const d of this.disposables) {
            d.dispose();
        }
        for (const item of this.items.values()) {
            item.engine.unwatch();
        }
    }
}
