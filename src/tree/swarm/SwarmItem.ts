import { AzExtParentTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineClient } from '../../docker/engineClient';
import type { HostEngine } from '../../docker/hostEngines';
import { readSwarm, swarmNodeId, type SwarmSnapshot } from '../../docker/swarmRows';
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
    public readonly contextValue = swarmContext;
    public override childTypeLabel = 'swarm part';
    private snapshot: Promise<SwarmSnapshot> | undefined;
    /** The manager the last read went to: node and service actions go to it too. */
    public managerClient: EngineClient | undefined;
    public managerEngine: HostEngine | undefined;
    private unanswered: { name: string; cause: string }[] = [];

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
    public read(): Promise<SwarmSnapshot> {
        this.snapshot ??= this.load();
        return this.snapshot;
    }

    private async load(): Promise<SwarmSnapshot> {
        const seen = await Promise.all(this.engines.map(async (engine) => {
            try {
                const client = await engine.getClient();
                return { engine, client, member: await swarmNodeId(client) };
            } catch (error) {
                return { engine, error };
            }
        }));
        const vmNames = new Map(seen.flatMap((s) => (s.member ? [[s.member.nodeId, s.engine.host.name] as const] : [])));
        this.unanswered = [];
        for (const s of seen) {
            if ('error' in s) {
                this.unanswered.push({ name: s.engine.host.name, cause: (await s.engine.describe(s.error)).cause });
            }
        }
        const manager = seen.find((s) => s.member?.manager);
        if (!manager?.client) {
            throw new Error(vscode.l10n.t('No manager of swarm {0} answered.', this.swarmName));
        }
        this.managerClient = manager.client;
        this.managerEngine = manager.engine;
        return readSwarm(manager.client, vmNames);
    }

    public async loadMoreChildrenImpl(clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        if (clearCache) {
            this.snapshot = undefined;
        }
        try {
            const snapshot = await this.read();
            const unreachable = this.unanswered.map((d) => createErrorItem(this, `down/${d.name}`, { kind: 'other', cause: vscode.l10n.t('{0} is not answering: {1}', d.name, d.cause) }));
            return [new SwarmNodesItem(this, snapshot), new SwarmServicesItem(this, snapshot), ...unreachable];
        } catch (error) {
            return [createErrorItem(this, 'error', { kind: 'other', cause: error instanceof Error ? error.message : String(error) })];
        }
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
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
