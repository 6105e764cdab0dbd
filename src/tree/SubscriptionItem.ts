import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { readCertificateExpiry } from '../tls/certificateExpiry';
import type { CloudConfig } from '../azure/cloud';
import { describeAzureError } from '../azure/describeError';
import { listDockerHosts } from '../azure/discovery';
import { findUnfinishedRuns, type UnfinishedRun } from '../azure/create/unfinishedRuns';
import type { DockerHost } from '../host/dockerHost';
import type { SubscriptionInfo } from '../azure/subscriptions';
import { commandIds } from '../commandIds';
import { DockerHostItem } from './DockerHostItem';
import { createErrorItem } from './errorItem';
import { UnfinishedCreateItem } from './UnfinishedCreateItem';
import type { TreeDeps } from './treeDeps';

export const subscriptionContext = 'azureDockerHosts.subscription';

/**
 * One subscription. Its hosts start loading as soon as the item exists, so every subscription's
 * list calls run at once rather than one expansion after another.
 */
export class SubscriptionItem extends AzExtParentTreeItem {
    public readonly contextValue = subscriptionContext;
    public override childTypeLabel = 'Docker host';
    public override readonly initialCollapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    private pending: Promise<[DockerHost[], PromiseSettledResult<UnfinishedRun[]>]> | undefined;

    constructor(parent: AzExtParentTreeItem, public readonly info: SubscriptionInfo, private readonly cloud: CloudConfig, private readonly deps: TreeDeps) {
        super(parent);
        this.id = `subscription/${info.subscriptionId}`;
        this.iconPath = new vscode.ThemeIcon('key');
        this.suppressMaskLabel = true;
        this.pending = this.fetch();
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
    private async fetch(): Promise<[DockerHost[], PromiseSettledResult<UnfinishedRun[]>]> {
        const clients = await this.deps.session.clientsFor(this.info.subscriptionId);
        const [hosts, [unfinished]] = await Promise.all([listDockerHosts(clients), Promise.allSettled([findUnfinishedRuns(clients, this.info.subscriptionId, this.deps.journal)])]);
        return [hosts, unfinished];
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        const pending = this.pending ?? this.fetch();
        this.pending = undefined;
        try {
            const [hosts, unfinished] = await pending;
            const runs: AzExtTreeItem[] = unfinished.status === 'fulfilled'
                ? unfinished.value.map((run) => new UnfinishedCreateItem(this, run))
                : [createErrorItem(this, 'unfinishedError', describeAzureError(unfinished.reason, `looking for unfinished creates in subscription "${this.info.name}"`, this.cloud.resourceManagerEndpoint))];
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
                return new DockerHostItem(this, host, engine, this.deps.showDanglingImages, await readCertificateExpiry(engine.certDir));
            }));
            return [...items, ...runs];
        } catch (error) {
            const described = describeAzureError(error, `listing Docker hosts in subscription "${this.info.name}"`, this.cloud.resourceManagerEndpoint);
            return [createErrorItem(this, 'error', described)];
        }
    }

    public override compareChildrenImpl(): number {
        return 0; // keep the core's order (by name)
    }
}
