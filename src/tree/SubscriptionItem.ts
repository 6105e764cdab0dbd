import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { readCertificateExpiry } from '../tls/certificateExpiry';
import type { CloudConfig } from '../azure/cloud';
import { describeAzureError } from '../azure/describeError';
import { unfinishedRunsFrom, type UnfinishedRun } from '../azure/create/unfinishedRuns';
import { listThroughArm, type SubscriptionInventory } from '../azure/hostInventory';
import type { DockerHost } from '../host/dockerHost';
import type { SubscriptionInfo } from '../azure/subscriptions';
import { commandIds } from '../commandIds';
import { swarmTag } from '../azure/tags';
import { DockerHostItem } from './DockerHostItem';
import { createErrorItem } from './errorItem';
import { SwarmItem } from './swarm/SwarmItem';
import { UnfinishedCreateItem } from './UnfinishedCreateItem';
import type { TreeDeps } from './treeDeps';
import { markWalkthroughStep, walkthroughSteps } from './walkthroughProgress';

export const subscriptionContext = 'azureDockerHosts.subscription';

/**
 * One subscription. Its first listing is its share of the root's inventory (one Resource Graph
 * query for every subscription, or ARM where that fails), already under way when the item exists.
 * Refreshing the subscription itself lists it through ARM, which has a write the moment it is
 * made, where Resource Graph may take a while to see it (after a create, a delete, a start).
 */
export class SubscriptionItem extends AzExtParentTreeItem {
    public readonly contextValue = subscriptionContext;
    public override childTypeLabel = 'Docker host';
    public override readonly initialCollapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    private pending: Promise<[DockerHost[], PromiseSettledResult<UnfinishedRun[]>]> | undefined;

    constructor(parent: AzExtParentTreeItem, public readonly info: SubscriptionInfo, private readonly cloud: CloudConfig, private readonly deps: TreeDeps, inventory: Promise<SubscriptionInventory>) {
        super(parent);
        this.id = `subscription/${info.subscriptionId}`;
        this.iconPath = new vscode.ThemeIcon('key');
        this.suppressMaskLabel = true;
        this.pending = this.withUnfinished(inventory);
        // The tree awaits it later; until then a rejection must not count as unhandled.
        this.pending.catch(() => undefined);
    }

    public get label(): string {
        return this.info.name;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    /** The hosts, and the creates that did not finish (a failure there must not hide the hosts). */
    private async withUnfinished(inventory: Promise<SubscriptionInventory>): Promise<[DockerHost[], PromiseSettledResult<UnfinishedRun[]>]> {
        const { hosts, tagged } = await inventory;
        const [unfinished] = await Promise.allSettled([tagged.status === 'fulfilled' ? unfinishedRunsFrom(tagged.value, this.info.subscriptionId, this.deps.journal) : Promise.reject(tagged.reason)]);
        return [hosts, unfinished];
    }

    private async fetch(): Promise<[DockerHost[], PromiseSettledResult<UnfinishedRun[]>]> {
        return this.withUnfinished(listThroughArm(await this.deps.session.clientsFor(this.info.subscriptionId)));
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        const pending = this.pending ?? this.fetch();
        this.pending = undefined;
        try {
            const [hosts, unfinished] = await pending;
            const runs: AzExtTreeItem[] = unfinished.status === 'fulfilled'
                ? unfinished.value.map((run) => new UnfinishedCreateItem(this, run))
                : [createErrorItem(this, 'unfinishedError', describeAzureError(unfinished.reason, `looking for unfinished creates in subscription "${this.info.name}"`, this.cloud.resourceManagerEndpoint))];
            if (hosts.length > 0) {
                markWalkthroughStep(walkthroughSteps.hasHost);
            }
            if (hosts.length === 0) {
                return [
                    ...runs,
                    new GenericTreeItem(this, {
                        id: 'empty',
                        label: vscode.l10n.t('No Docker hosts — create one…'),
                        contextValue: 'azureDockerHosts.empty',
                        iconPath: new vscode.ThemeIcon('add'),
                        commandId: commandIds.createDockerHost,
                    }),
                ];
            }
            const items = await Promise.all(hosts.map(async (host) => {
                const engine = this.deps.engines.forHost(host);
                return new DockerHostItem(this, host, engine, this.deps.showDanglingImages, await readCertificateExpiry(engine.certDir), this.deps.firewalls, this.deps.schedules);
            }));
            return [...this.swarms(items), ...items, ...runs];
        } catch (error) {
            const described = describeAzureError(error, `listing Docker hosts in subscription "${this.info.name}"`, this.cloud.resourceManagerEndpoint);
            return [createErrorItem(this, 'error', described)];
        }
    }

    /** A row per swarm (its nodes' VMs carry the swarm tag), above the hosts; each node is still a host row too. */
    private swarms(items: readonly DockerHostItem[]): SwarmItem[] {
        const bySwarm = new Map<string, DockerHostItem[]>();
        for (const item of items) {
            const name = item.host.tags[swarmTag];
            if (name) {
                const key = `${item.host.resourceGroup.toLowerCase()}/${name}`;
                bySwarm.set(key, [...(bySwarm.get(key) ?? []), item]);
            }
        }
        return [...bySwarm.values()].map((members) => new SwarmItem(this, members[0].host.tags[swarmTag], members.map((m) => m.engine)));
    }

    public override compareChildrenImpl(): number {
        return 0; // keep the core's order (by name)
    }
}
