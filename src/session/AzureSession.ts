import type { TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { createArmClients, createResourceGraphClient, type ArmClients } from '../azure/armClients';
import type { CloudConfig } from '../azure/cloud';
import type { Log } from '../host/log';
import { azureCliSource, environmentSource } from '../azure/credentialSources';
import { filterSubscriptions, type SubscriptionInfo, type SubscriptionSource } from '../azure/subscriptions';
import { TenantThrottle } from '../azure/throttle';
import { authenticationSetting, azureRequestTimeoutMs, configuredCloud, selectedSubscriptionIds } from './settings';

type VscodeAccount = ReturnType<typeof import('./vscodeAccount.lazy').vscodeAccountSource>;

interface Cached<T> {
    /** The cloud and request timeout the clients were made for: a settings change makes new ones. */
    readonly key: string;
    readonly credential: TokenCredential;
    readonly clients: Promise<T>;
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
    private readonly clients = new Map<string, Cached<ArmClients>>();
    /** By tenant id. */
    private readonly graphClients = new Map<string, Cached<ResourceGraphClient>>();
    /** By tenant id: every client of a tenant shares its limit on parallel requests and its Retry-After pauses. */
    private readonly throttles = new Map<string, TenantThrottle>();

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
        const subscription = await this.subscription(subscriptionId);
        return this.cachedClient(this.clients, subscription.subscriptionId.toLowerCase(), subscription,
            (cloud, settings) => createArmClients(cloud, subscription.credential, subscription.subscriptionId, settings));
    }

    /** The Resource Graph client for the subscription's tenant, made like clientsFor's. */
    async resourceGraphFor(subscription: SubscriptionInfo): Promise<ResourceGraphClient> {
        return this.cachedClient(this.graphClients, subscription.tenantId.toLowerCase(), subscription,
            (cloud, settings) => createResourceGraphClient(cloud, subscription.credential, settings));
    }

    private cachedClient<T>(cache: Map<string, Cached<T>>, id: string, subscription: SubscriptionInfo, make: (cloud: CloudConfig, settings: { requestTimeoutMs: number; throttle: TenantThrottle; log?: Log }) => Promise<T>): Promise<T> {
        const { credential } = subscription;
        const cloud = this.cloud;
        const requestTimeoutMs = azureRequestTimeoutMs();
        const key = `${cloud.resourceManagerEndpoint} ${cloud.armScope} ${requestTimeoutMs}`;
        const cached = cache.get(id);
        if (cached?.key === key && cached.credential === credential) {
            return cached.clients;
        }
        const tenant = subscription.tenantId.toLowerCase();
        const throttle = this.throttles.get(tenant) ?? this.throttles.set(tenant, new TenantThrottle()).get(tenant)!;
        const entry: Cached<T> = { key, credential, clients: make(cloud, { requestTimeoutMs, throttle, log: this.log }) };
        cache.set(id, entry);
        // A failed load (the SDK bundle, say) is not kept: the next call tries again.
        entry.clients.catch(() => cache.get(id) === entry && cache.delete(id));
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
        this.graphClients.clear();
    }
}
