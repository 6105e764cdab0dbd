import { AzExtParentTreeItem, GenericTreeItem, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { describeAzureError } from '../azure/describeError';
import { listInventories } from '../azure/hostInventory';
import { commandIds } from '../commandIds';
import { createErrorItem } from './errorItem';
import { SubscriptionItem } from './SubscriptionItem';
import type { TreeDeps } from './treeDeps';

/** Context keys the welcome views' `when` clauses read. */
export const signedInContextKey = 'azureDockerHosts.signedIn';
/** Unset until the credential was checked: the view says it is loading, not "Sign in", meanwhile. */
const signInCheckedContextKey = 'azureDockerHosts.signInChecked';

async function setSignedIn(signedIn: boolean): Promise<void> {
    await vscode.commands.executeCommand('setContext', signedInContextKey, signedIn);
    await vscode.commands.executeCommand('setContext', signInCheckedContextKey, true);
}

/** The invisible root: its children are the subscriptions, or nothing (then the welcome view shows). */
export class HostsRootItem extends AzExtParentTreeItem {
    public readonly contextValue = 'azureDockerHosts.root';
    public readonly label = vscode.l10n.t('Azure Docker Hosts');
    // Read by the palette's tree picker: its prompt, and skipping it when there is one subscription.
    public override childTypeLabel = 'subscription';
    public override autoSelectInTreeItemPicker = true;

    /** Bumped when a setting that decides what the root lists changes (see settingsChanged). */
    private settingsGeneration = 0;

    constructor(private readonly deps: TreeDeps) {
        super(undefined);
    }

    /**
     * A refresh that arrives while a load is in flight joins that load (azext-utils), so a setting
     * changed during the first load (signing in from the welcome view) would be lost; a load that
     * began before the change runs again instead.
     */
    public settingsChanged(): void {
        this.settingsGeneration++;
    }

    public hasMoreChildrenImpl(): boolean {
        return false;
    }

    public async loadMoreChildrenImpl(_clearCache: boolean, _context: IActionContext): Promise<AzExtTreeItem[]> {
        for (;;) {
            const generation = this.settingsGeneration;
            const children = await this.loadSubscriptions();
            if (generation === this.settingsGeneration) {
                return children;
            }
        }
    }

    private async loadSubscriptions(): Promise<AzExtTreeItem[]> {
        let endpoint = 'Azure';
        try {
            const session = this.deps.session;
            const cloud = session.cloud;
            endpoint = cloud.resourceManagerEndpoint;
            const missing = await session.source().missingConfiguration();
            await setSignedIn(missing === undefined);
            if (missing !== undefined) {
                return [];
            }
            const subscriptions = await session.visibleSubscriptions();
            if (subscriptions.length === 0) {
                return [
                    new GenericTreeItem(this, {
                        id: 'noSubscriptions',
                        label: vscode.l10n.t('No subscriptions to show — Select Subscriptions…'),
                        contextValue: 'azureDockerHosts.noSubscriptions',
                        iconPath: new vscode.ThemeIcon('filter'),
                        commandId: commandIds.selectSubscriptions,
                    }),
                ];
            }
            // One Resource Graph query for them all; each subscription row takes its share.
            const inventories = listInventories(subscriptions, {
                resourceGraph: (s) => session.resourceGraphFor(s),
                armClients: (id) => session.clientsFor(id),
                log: this.deps.log,
            });
            return subscriptions.map((s) => new SubscriptionItem(this, s, cloud, this.deps, inventories.get(s.subscriptionId.toLowerCase())!));
        } catch (error) {
            await setSignedIn(true);
            return [createErrorItem(this, 'error', describeAzureError(error, 'listing your subscriptions', endpoint))];
        }
    }

    public override compareChildrenImpl(): number {
        return 0;
    }
}
