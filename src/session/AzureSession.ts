import type { TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import { createArmClients, type ArmClients } from '../azure/armClients';
import type { CloudConfig } from '../azure/cloud';
import type { Log } from '../host/log';
import { azureCliSource, environmentSource } from '../azure/credentialSources';
import { filterSubscriptions, type SubscriptionInfo, type SubscriptionSource } from '../azure/subscriptions';
import { authenticationSetting, azureRequestTimeoutMs, configuredCloud, selectedSubscriptionIds } from './settings';

type VscodeAccount = ReturnType<typeof import('./vscodeAccount.lazy').vscodeAccountSource>;

interface CachedClients {
    /** The cloud and request timeout the clients were made for: a settings change makes new ones. */
    readonly key: string;
    readonly credential: TokenCredential;
    readonly clients: Promise<ArmClients>;
}

/**
 * The signed-in state and what is made from it: the cloud, the credential source the setting chose,
 * the subscriptions the user selected, and one set of ARM clients per subscription. The tree and
 * the commands ask it by subscription id; nothing else makes ARM clients or filters subscriptions.
 */
export class AzureSession implements vscode.Disposable {
    private vscodeAccount: VscodeAccount | undefined;
    /** By lower-case id, from the last listing. */
    private readonly subscriptions = new Map<string, SubscriptionInfo>();
    private readonly clients = new Map<string, CachedClients>();

    /** `log` gets one line per ARM request the clients make (the extension's log channel). */
    constructor(private readonly log?: Log) {}

    /** Throws CloudConfigError when the cloud settings are wrong. */
    get cloud(): CloudConfig {
        return configuredCloud();
    }

    source(): SubscriptionSource {
        const cloud = this.cloud;
        switch (authenticationSetting()) {
            case 'environment':
                return environmentSource(cloud, process.env);
            case 'azureCli':
                return azureCliSource(cloud);
            default:
                return this.account();
        }
    }

    /** Every subscription the credential source can see, whatever the selection. */
    async allSubscriptions(): Promise<SubscriptionInfo[]> {
        const all = await this.source().listSubscriptions();
        this.subscriptions.clear();
        for (const s of all) {
            this.subscriptions.set(s.subscriptionId.toLowerCase(), s);
        }
        return all;
    }

    /** The subscriptions the tree shows and the pickers offer: those azureDockerHosts.selectedSubscriptions names, or all. */
    async visibleSubscriptions(): Promise<SubscriptionInfo[]> {
        return filterSubscriptions(await this.allSubscriptions(), selectedSubscriptionIds());
    }

    /** Whether the selection includes the subscription (an empty selection includes all). */
    isVisible(subscription: SubscriptionInfo): boolean {
        return filterSubscriptions([subscription], selectedSubscriptionIds()).length === 1;
    }

    /** One subscription with its credential; the source is asked again when it was not listed yet. */
    async subscription(subscriptionId: string): Promise<SubscriptionInfo> {
        const id = subscriptionId.toLowerCase();
        if (!this.subscriptions.has(id)) {
            await this.allSubscriptions();
        }
        const found = this.subscriptions.get(id);
        if (!found) {
            throw new Error(vscode.l10n.t('Subscription {0} is not available to the signed-in account; refresh the view and try again.', subscriptionId));
        }
        return found;
    }

    async credentialFor(subscriptionId: string): Promise<TokenCredential> {
        return (await this.subscription(subscriptionId)).credential;
    }

    /**
     * The SDK clients of one subscription, with azureDockerHosts.azureRequestTimeoutSeconds applied.
     * Made once and reused until the credential, the cloud or the timeout changes.
     */
    async clientsFor(subscriptionId: string): Promise<ArmClients> {
        const id = subscriptionId.toLowerCase();
        const credential = await this.credentialFor(id);
        const cloud = this.cloud;
        const requestTimeoutMs = azureRequestTimeoutMs();
        const key = `${cloud.resourceManagerEndpoint} ${cloud.armScope} ${requestTimeoutMs}`;
        const cached = this.clients.get(id);
        if (cached?.key === key && cached.credential === credential) {
            return cached.clients;
        }
        const entry: CachedClients = { key, credential, clients: createArmClients(cloud, credential, this.subscriptions.get(id)!.subscriptionId, { requestTimeoutMs, log: this.log }) };
        this.clients.set(id, entry);
        // A failed load (the SDK bundle, say) is not kept: the next call tries again.
        entry.clients.catch(() => this.clients.get(id) === entry && this.clients.delete(id));
        return entry.clients;
    }

    /** Signs in through the VS Code account; the other sources are configured outside VS Code. */
    async signInToVscodeAccount(): Promise<boolean> {
        return this.account().signIn();
    }

    private account(): VscodeAccount {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        this.vscodeAccount ??= (require('./vscodeAccount.lazy') as typeof import('./vscodeAccount.lazy')).vscodeAccountSource();
        return this.vscodeAccount;
    }

    dispose(): void {
        this.vscodeAccount?.dispose();
        this.subscriptions.clear();
        this.clients.clear();
    }
}
