import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { containerPageRows, containerPageSize, type ContainerRow } from '../../docker/containerRows';
import type { EngineScope } from '../../docker/events';
import { listContainerPage, listImages, listNetworks, listVolumes } from '../../docker/operations';
import { imageRows, networkRows, volumeRows } from '../../docker/resourceRows';
import { createErrorItem } from '../errorItem';
import { ContainerItem, type PortStateOf } from './ContainerItem';
import { EngineResourceItem } from './EngineResourceItem';
import type { HostEngine } from '../../docker/hostEngines';
import { groupIcons } from './icons';
import { markWalkthroughStep, walkthroughSteps } from '../walkthroughProgress';

const titles: Record<EngineScope, string> = { container: 'Containers', image: 'Images', volume: 'Volumes', network: 'Networks' };
/** A listing older than this (the group was collapsed when it was made) is not shown; the group lists again. */
const listingFreshMs = 2000;

/** The contextValue of a group row, e.g. `azureDockerHosts.imageGroup`. */
export function engineGroupContext(scope: EngineScope): string {
    return `azureDockerHosts.${scope}Group`;
}

/** Containers, Images, Volumes or Networks under a host; listed when expanded, refreshed by the host's events. */
export class EngineGroupItem extends AzExtParentTreeItem {
    public readonly contextValue: string;
    /** Where the next page of containers starts; undefined once all are listed. */
    private nextContainers: { readonly before: string } | undefined;
    /** A listing made by refreshFromEngine for VS Code's next read of the children. */
    private listed: { readonly children: AzExtTreeItem[]; readonly at: number } | undefined;
    private refreshCalls = 0;

    constructor(
        parent: AzExtParentTreeItem, public readonly scope: EngineScope, public readonly engine: HostEngine, private readonly showDangling: () => boolean,
        /** The host's firewall as seen from the user's IP, for the containers' published ports; undefined when it cannot be read. */
        private readonly portStates: () => Promise<PortStateOf | undefined> = async () => undefined,
    ) {
        super(parent);
        this.id = scope;
        this.contextValue = engineGroupContext(scope);
        this.childTypeLabel = scope;
        this.iconPath = groupIcons[`${scope}s`];
    }

    public get label(): string {
        return titles[this.scope];
    }

    public hasMoreChildrenImpl(): boolean {
        return this.nextContainers !== undefined;
    }

    public override compareChildrenImpl(): number {
        return 0; // the core sorts
    }

    public async loadMoreChildrenImpl(clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        const listed = clearCache && this.listed && Date.now() - this.listed.at < listingFreshMs ? this.listed.children : undefined;
        this.listed = undefined;
        return listed ?? this.list(clearCache);
    }

    /**
     * Lists first, then refreshes. While VS Code re-reads a group, the rows under it cannot be
     * resolved, and a context-menu command clicked on one then receives no row. Handing VS Code a
     * listing already made shrinks that window from a round trip to the engine to one turn of the
     * event loop. A newer call supersedes an older one still listing.
     */
    public async refreshFromEngine(context: IActionContext): Promise<void> {
        const call = ++this.refreshCalls;
        const children = await this.list(true);
        if (call === this.refreshCalls) {
            this.listed = { children, at: Date.now() };
            await this.refresh(context);
        }
    }

    private async list(clearCache: boolean): Promise<AzExtTreeItem[]> {
        if (clearCache) {
            this.nextContainers = undefined;
        }
        try {
            const client = await this.engine.getClient();
            const children = await this.load(client, clearCache);
            return children.length > 0 || !clearCache ? children : [new GenericTreeItem(this, { id: 'empty', label: vscode.l10n.t('No {0}', titles[this.scope].toLowerCase()), contextValue: 'azureDockerHosts.emptyGroup' })];
        } catch (error) {
            return [createErrorItem(this, 'error', await this.engine.describe(error))];
        }
    }

    private async load(client: Awaited<ReturnType<HostEngine['getClient']>>, first: boolean): Promise<AzExtTreeItem[]> {
        switch (this.scope) {
            case 'container': {
                const [page, states] = await Promise.all([
                    listContainerPage(client, { limit: containerPageSize, before: first ? undefined : this.nextContainers?.before }),
                    this.portStates(),
                ]);
                this.nextContainers = page.next;
                const groups = containerPageRows(page, first);
                if (page.containers.some((c) => c.state === 'running')) {
                    markWalkthroughStep(walkthroughSteps.runningContainer);
                }
                return [
                    ...groups.projects.map((p) => new ComposeProjectItem(this, p.project, p.rows, this.engine, states)),
                    ...groups.ungrouped.map((row) => new ContainerItem(this, row, this.engine, states)),
                ];
            }
            case 'image':
                return imageRows(await listImages(client, { includeDangling: this.showDangling() })).map((row) => new EngineResourceItem(this, row, groupIcons.image, this.engine));
            case 'volume':
                return volumeRows(await listVolumes(client)).map((row) => new EngineResourceItem(this, row, groupIcons.volume, this.engine));
            case 'network':
                return networkRows(await listNetworks(client)).map((row) => new EngineResourceItem(this, row, groupIcons.network, this.engine));
        }
    }
}

export const composeProjectContext = 'azureDockerHosts.composeProject';
export const composeProjectContextPattern = new RegExp(`^${composeProjectContext}$`);

/** Containers of one compose project (label com.docker.compose.project). */
export class ComposeProjectItem extends AzExtParentTreeItem {
    public readonly contextValue = composeProjectContext;
    public override readonly initialCollapsibleState = vscode.TreeItemCollapsibleState.Expanded;
    public override childTypeLabel = 'container';

    constructor(parent: AzExtParentTreeItem, readonly project: string, private readonly rows: readonly ContainerRow[], readonly engine: HostEngine, private readonly states?: PortStateOf) {
        super(parent);
        this.id = `compose/${project}`;
        this.iconPath = groupIcons.compose;
        this.description = `${rows.length} container${rows.length === 1 ? '' : 's'}`;
    }

    public get label(): string {
        return this.project;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public override compareChildrenImpl(): number {
        return 0;
    }

    public async loadMoreChildrenImpl(): Promise<AzExtTreeItem[]> {
        return this.rows.map((row) => new ContainerItem(this, row, this.engine, this.states));
    }
}
