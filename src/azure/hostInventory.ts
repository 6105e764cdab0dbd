import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { DockerHost } from '../host/dockerHost';
import type { ArmClients } from './armClients';
import { listTaggedResources, type TaggedInventory } from './create/unfinishedRuns';
import { listDockerHosts } from './discovery';
import { inventoryBySubscription, inventoryQuery, queryAll, type GraphSubscription, type InventoryRow } from './resourceGraph';
import type { SubscriptionInfo } from './subscriptions';

/** One subscription's Docker hosts and what carries a run tag there, and which way they were found. */
export interface SubscriptionInventory {
    readonly hosts: DockerHost[];
    /** A failure here (say, no read on resource groups) must not hide the hosts. */
    readonly tagged: PromiseSettledResult<TaggedInventory>;
    readonly via: 'resourceGraph' | 'arm';
}

export interface InventorySources {
    /** The Resource Graph client for a tenant's subscriptions. */
    resourceGraph(subscription: SubscriptionInfo): Promise<ResourceGraphClient>;
    armClients(subscriptionId: string): Promise<ArmClients>;
    /** Says which way each subscription was listed. */
    log(message: string): void;
}

/** Today's listing through ARM: four list calls for the hosts and two for the run tags, at once. */
export async function listThroughArm(clients: ArmClients, signal?: AbortSignal): Promise<SubscriptionInventory> {
    const [hosts, [tagged]] = await Promise.all([listDockerHosts(clients, signal), Promise.allSettled([listTaggedResources(clients, signal)])]);
    return { hosts, tagged, via: 'arm' };
}

function reasonOf(error: unknown): string {
    const e = error as { statusCode?: number; code?: string; message?: string };
    return [e.statusCode, e.code].filter(Boolean).join(' ') || (e.message ?? String(error)).split('\n')[0];
}

/**
 * Lists the subscriptions' hosts with one Resource Graph query per tenant (paged), and falls back
 * to listing a subscription through ARM when Resource Graph fails (a cloud without it, 403) or
 * leaves that subscription out. Each subscription's promise settles on its own.
 */
export function listInventories(subscriptions: readonly SubscriptionInfo[], sources: InventorySources, signal?: AbortSignal): Map<string, Promise<SubscriptionInventory>> {
    const byTenant = new Map<string, SubscriptionInfo[]>();
    for (const s of subscriptions) {
        byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s]);
    }
    const result = new Map<string, Promise<SubscriptionInventory>>();
    for (const tenant of byTenant.values()) {
        const names = (list: readonly SubscriptionInfo[]) => list.map((s) => `"${s.name}"`).join(', ');
        const graph = sources.resourceGraph(tenant[0])
            .then((client) => queryAll<InventoryRow>(client, inventoryQuery, tenant.map((s) => s.subscriptionId), signal))
            .then(({ rows, requests }) => {
                const found = inventoryBySubscription(rows);
                const missing = tenant.filter((s) => !found.has(s.subscriptionId.toLowerCase()));
                sources.log(`Listed ${tenant.length - missing.length} of ${tenant.length} subscriptions through Azure Resource Graph (${requests} ${requests === 1 ? 'request' : 'requests'})` +
                    (missing.length > 0 ? `; listing ${names(missing)} through ARM: Resource Graph returned nothing for ${missing.length === 1 ? 'it' : 'them'}.` : '.'));
                return found;
            }, (error: unknown) => {
                if (signal?.aborted) {
                    throw error;
                }
                sources.log(`Azure Resource Graph is not available (${reasonOf(error)}); listing ${names(tenant)} through ARM, one subscription at a time.`);
                return new Map<string, GraphSubscription>();
            });
        for (const s of tenant) {
            result.set(s.subscriptionId.toLowerCase(), graph.then(async (found) => {
                const mine = found.get(s.subscriptionId.toLowerCase());
                return mine
                    ? { hosts: mine.hosts, tagged: { status: 'fulfilled', value: mine.tagged }, via: 'resourceGraph' }
                    : listThroughArm(await sources.armClients(s.subscriptionId), signal);
            }));
        }
    }
    return result;
}
