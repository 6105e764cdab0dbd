import { AzExtParentTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineClient } from '../../docker/engineClient';
import type { HostEngine } from '../../docker/hostEngines';
import { NoManagerAnsweredError, readSwarmOf, type SwarmReading, type SwarmSnapshot } from '../../docker/swarmRows';
import { createErrorItem } from '../errorItem';
import { SwarmNodeItem } from './SwarmNodeItem';
import { SwarmServiceItem } from './SwarmServiceItem';

export const swarmContext = 'azureDockerHosts.swarm';

/**
 * One Docker swarm: its nodes' hosts are found by the swarm tag on their VMs. Expanding it asks each
 * node's engine for its swarm node id (naming the nodes after their VMs), then the first manager that
 * answers for the nodes, services and tasks. A manager that is down shows as an error row; the
 * others still answer.
 */
export class SwarmItem extends AzExtParentTreeItem {
    /**
     * Fired when VS Code lists a swarm's children, which it does only for a swarm it shows open: a
     * surer sign than the view's expand events, which a row opened again by a refresh does not send.
     */
    public static readonly listed = new vscode.EventEmitter<SwarmItem>();
    public readonly contextValue = swarmContext;
    public override childTypeLabel = 'swarm part';
    private reading: Promise<SwarmReading> | undefined;
    /** The reading came from the swarm's events: the next listing shows it rather than reading again. */
    private pushed = false;
    /** What the rows last listed show: a reading that shows the same is not listed again. */
    private shown: string | undefined;
    /** Set by the refresh manager while the swarm's events are followed: actions then need not refresh it. */
    public watched = false;
    /** The manager the last read went to: node and service actions go to it too. */
    public managerClient: EngineClient | undefined;
    public managerEngine: HostEngine | undefined;

    constructor(parent: AzExtParentTreeItem, public readonly swarmName: string, public readonly engines: readonly HostEngine[]) {
        super(parent);
        this.id = `swarm/${engines[0]?.host.resourceGroup.toLowerCase()}/${swarmName}`;
        this.iconPath = new vscode.ThemeIcon('server-environment');
        this.description = vscode.l10n.t('Docker swarm · {0} node(s)', engines.length);
        this.suppressMaskLabel = true;
    }

    public get label(): string {
        return this.swarmName;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    /** The swarm as its managers see it; read once per expansion or refresh, shared by both groups. */
    public async read(): Promise<SwarmSnapshot> {
        this.reading ??= readSwarmOf(this.swarmName, this.engines);
        let reading: SwarmReading;
        try {
            reading = await this.reading;
        } catch (error) {
            // The next expansion or action asks again.
            this.reading = undefined;
            throw error;
        }
        this.managerClient = reading.client;
        this.managerEngine = this.engines.find((e) => e === reading.manager);
        this.shown = shownBy(reading);
        return reading.snapshot;
    }

    /** Shows a reading (or its failure) made by the swarm's event watcher. */
    public async showReading(context: IActionContext, reading: SwarmReading | { error: unknown }): Promise<void> {
        // Re-rendering rows that did not change would only get in the way of a click on one of them.
        const shown = shownBy(reading);
        if (shown === this.shown) {
            return;
        }
        this.shown = shown;
        const next = 'error' in reading ? Promise.reject(reading.error) : Promise.resolve(reading);
        next.catch(() => undefined); // read (and reported as a row) by the listing
        this.reading = next;
        this.pushed = true;
        await this.refresh(context);
    }

    public async loadMoreChildrenImpl(clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        if (clearCache && !this.pushed) {
            this.reading = undefined;
        }
        this.pushed = false;
        SwarmItem.listed.fire(this);
        const down = (list: readonly { name: string; cause: string }[]) => list.map((d) => createErrorItem(this, `down/${d.name}`, { kind: 'other', cause: vscode.l10n.t('{0} is not answering: {1}', d.name, d.cause) }));
        try {
            const snapshot = await this.read();
            const reading = await this.reading!;
            return [new SwarmNodesItem(this, snapshot), new SwarmServicesItem(this, snapshot), ...down(reading.unanswered)];
        } catch (error) {
            this.shown = shownBy({ error });
            if (error instanceof NoManagerAnsweredError) {
                return [createErrorItem(this, 'error', { kind: 'other', cause: vscode.l10n.t('No manager of swarm {0} answered.', this.swarmName) }), ...down(error.unanswered)];
            }
            return [createErrorItem(this, 'error', { kind: 'other', cause: error instanceof Error ? error.message : String(error) })];
        }
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}

/** What a reading's rows show (their ids carry their descriptions), or its error. */
function shownBy(reading: SwarmReading | { error: unknown }): string {
    return 'error' in reading ? `error: ${String(reading.error)}` : JSON.stringify([reading.snapshot, reading.unanswered]);
}

/** The swarm's nodes: role, availability, status and engine version, named after their VMs. */
class SwarmNodesItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.swarmNodes';
    public readonly label = vscode.l10n.t('Nodes');

    constructor(parent: AzExtParentTreeItem, private readonly snapshot: SwarmSnapshot) {
        super(parent);
        this.id = 'nodes';
        this.iconPath = new vscode.ThemeIcon('server');
        this.description = String(snapshot.nodes.length);
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(): Promise<AzExtTreeItem[]> {
        return this.snapshot.nodes.map((row) => new SwarmNodeItem(this, row));
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}

/** The swarm's services, each with its tasks. */
class SwarmServicesItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.swarmServices';
    public readonly label = vscode.l10n.t('Services');

    constructor(parent: AzExtParentTreeItem, private readonly snapshot: SwarmSnapshot) {
        super(parent);
        this.id = 'services';
        this.iconPath = new vscode.ThemeIcon('layers');
        this.description = String(snapshot.services.length);
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(): Promise<AzExtTreeItem[]> {
        return this.snapshot.services.map((row) => new SwarmServiceItem(this, row));
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}
