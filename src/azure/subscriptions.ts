import type { TokenCredential } from '@azure/core-auth';
import type { CloudConfig } from './cloud';
import { loadSdk } from './loadSdk';

export interface SubscriptionInfo {
    readonly subscriptionId: string;
    readonly name: string;
    readonly tenantId: string;
    readonly credential: TokenCredential;
}

/** Where subscriptions and their credential come from: the VS Code account, the Azure CLI, or the environment. */
export interface SubscriptionSource {
    readonly kind: AuthenticationKind;
    /** Why this source cannot sign in, or undefined when it can. Cheap: never calls the network. */
    missingConfiguration(): Promise<string | undefined>;
    listSubscriptions(): Promise<SubscriptionInfo[]>;
}

export type AuthenticationKind = 'vscode' | 'azureCli' | 'environment';

/** Lists the subscriptions a token credential can see, through the configured cloud's ARM endpoint. */
export async function listSubscriptionsFor(cloud: CloudConfig, credential: TokenCredential): Promise<SubscriptionInfo[]> {
    const { SubscriptionClient } = await loadSdk();
    const client = new SubscriptionClient(credential, {
        endpoint: cloud.resourceManagerEndpoint,
        credentials: { scopes: [cloud.armScope] },
    });
    const result: SubscriptionInfo[] = [];
    for await (const s of client.subscriptions.list()) {
        if (s.subscriptionId && s.state !== 'Disabled') {
            result.push({ subscriptionId: s.subscriptionId, name: s.displayName ?? s.subscriptionId, tenantId: s.tenantId ?? '', credential });
        }
    }
    return result.sort((a, b) => a.name.localeCompare(b.name));
}

/** Keeps the subscriptions the user selected; an empty selection means all of them. */
export function filterSubscriptions<T extends { subscriptionId: string }>(all: T[], selectedIds: readonly string[]): T[] {
    if (selectedIds.length === 0) {
        return all;
    }
    const wanted = new Set(selectedIds.map((id) => id.toLowerCase()));
    return all.filter((s) => wanted.has(s.subscriptionId.toLowerCase()));
}
