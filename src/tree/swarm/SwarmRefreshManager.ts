import { callWithTelemetryAndErrorHandling, type AzExtTreeDataProvider, type AzExtTreeItem, type IAzExtLogOutputChannel } from '@microsoft/vscode-azext-utils';
import type * as vscode from 'vscode';
import { watchSwarm, type SwarmWatcher } from '../../docker/swarmEvents';
import type { SwarmReading } from '../../docker/swarmRows';
import { SwarmItem } from './SwarmItem';

/**
 * A swarm's rows follow its events while it is expanded and the view is visible (see
 * src/docker/swarmEvents.ts); a folded or hidden swarm sends no requests. As for a host, a swarm
 * whose events were not followed for a while is read again once they are.
 */
export class SwarmRefreshManager implements vscode.Disposable {
    private readonly items = new Map<string, SwarmItem>();
    private readonly expanded = new Set<string>();
    private readonly watchers = new Map<string, SwarmWatcher>();
    private readonly stopped = new Set<string>();
    private readonly disposables: vscode.Disposable[] = [];

    constructor(tree: AzExtTreeDataProvider, private readonly view: vscode.TreeView<AzExtTreeItem>, private readonly output: IAzExtLogOutputChannel) {
        this.disposables.push(
            view.onDidExpandElement((e) => e.element instanceof SwarmItem && this.setExpanded(e.element, true)),
            view.onDidCollapseElement((e) => e.element instanceof SwarmItem && this.setExpanded(e.element, false)),
            view.onDidChangeVisibility(() => this.sync()),
            tree.onDidExpandOrRefreshExpandedTreeItem((item) => item instanceof SwarmItem && this.setExpanded(item, true)),
            SwarmItem.listed.event((item) => this.setExpanded(item, true)),
        );
    }

    /** Also told of each new instance of an expanded swarm (its subscription listed again): that one is shown now. */
    private setExpanded(item: SwarmItem, expanded: boolean): void {
        const previous = this.items.get(item.id!);
        this.items.set(item.id!, item);
        // A swarm whose nodes changed (added, removed) is watched anew, with its new nodes.
        if (previous && previous !== item && previous.engines.map((e) => e.host.id).join() !== item.engines.map((e) => e.host.id).join()) {
            this.stop(item.id!);
        }
        if (expanded) {
            this.expanded.add(item.id!);
        } else {
            this.expanded.delete(item.id!);
        }
        this.sync();
        item.watched = this.watchers.has(item.id!);
    }

    private sync(): void {
        for (const [id, item] of this.items) {
            const wanted = this.view.visible && this.expanded.has(id);
            if (wanted && !this.watchers.has(id)) {
                this.start(id, item);
            } else if (!wanted && this.watchers.has(id)) {
                this.stop(id);
            }
        }
    }

    private start(id: string, item: SwarmItem): void {
        const readFirst = this.stopped.delete(id);
        this.output.trace(`Following the events of swarm ${item.swarmName}`);
        this.watchers.set(id, watchSwarm(item.swarmName, item.engines, {
            readFirst,
            onReading: (reading) => this.show(id, reading),
            onError: (error) => this.show(id, { error }),
            onChange: (node, reason) => this.output.trace(`Swarm ${item.swarmName}: ${reason.cause === 'events' ? `${reason.count} event(s) for ${reason.scopes.join(', ')}` : reason.cause} from ${node}`),
            onStatus: (node, status) => status.state === 'reconnecting' && this.output.trace(`Swarm ${item.swarmName}: the events of ${node} reconnect (${status.lastError.cause})`),
        }));
        item.watched = true;
    }

    /** A swarm that is gone (deleted): its streams end and it is forgotten. */
    forget(item: SwarmItem): void {
        this.stop(item.id!);
        this.items.delete(item.id!);
        this.expanded.delete(item.id!);
        this.stopped.delete(item.id!);
    }

    private stop(id: string): void {
        if (!this.watchers.has(id)) {
            return;
        }
        this.output.trace(`No longer following the events of swarm ${this.items.get(id)?.swarmName ?? id}`);
        this.watchers.get(id)?.dispose();
        this.watchers.delete(id);
        this.stopped.add(id);
        const item = this.items.get(id);
        if (item) {
            item.watched = false;
        }
    }

    private show(id: string, reading: SwarmReading | { error: unknown }): void {
        const item = this.items.get(id);
        if (!item) {
            return;
        }
        this.output.trace(`Refreshing swarm ${item.swarmName}: ${'error' in reading ? String(reading.error) : 'its events'}`);
        void callWithTelemetryAndErrorHandling('swarmRefresh', async (context) => {
            context.errorHandling.suppressDisplay = true;
            context.telemetry.suppressAll = true;
            await item.showReading(context, reading);
        });
    }

    dispose(): void {
        this.disposables.forEach((d) => d.dispose());
        this.watchers.forEach((w) => w.dispose());
        this.watchers.clear();
    }
}
