import type { VirtualMachine } from '@azure/arm-compute';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { DockerHost } from '../host/dockerHost';
import type { TaggedInventory, TaggedRow } from './create/unfinishedRuns';
import { byName, toDockerHost } from './discovery';
import { dockerTag, provisioningTag } from './tags';

/**
 * The one query the tree sends: every Docker host (tagged by this extension, or carrying the
 * retired Docker extension) with what its row shows, every resource and group carrying a run tag
 * (for unfinished creates), and one row per subscription Resource Graph answered for, so a
 * subscription it left out is listed through ARM instead. The emulator answers exactly this text.
 */
export const inventoryQuery = [
    'resources',
    "| where type =~ 'microsoft.compute/virtualmachines'",
    `| extend vmKey = tolower(id), dockerTag = tostring(tags['${dockerTag}'])`,
    '| join kind=leftouter (resources',
    "    | where type =~ 'microsoft.compute/virtualmachines/extensions' and tostring(properties.type) =~ 'DockerExtension' and tostring(properties.publisher) =~ 'Microsoft.Azure.Extensions'",
    "    | summarize legacyExtension = any(name) by vmKey = tolower(substring(id, 0, indexof(id, '/extensions/')))) on vmKey",
    '| where isnotempty(dockerTag) or isnotempty(legacyExtension)',
    '| extend nicKey = tolower(tostring(properties.networkProfile.networkInterfaces[0].id))',
    '| join kind=leftouter (resources',
    "    | where type =~ 'microsoft.network/networkinterfaces'",
    '    | mv-expand ipConfiguration = properties.ipConfigurations',
    '    | extend pipKey = tolower(tostring(ipConfiguration.properties.publicIPAddress.id))',
    '    | where isnotempty(pipKey)',
    '    | summarize pipKey = any(pipKey) by nicKey = tolower(id)) on nicKey',
    '| join kind=leftouter (resources',
    "    | where type =~ 'microsoft.network/publicipaddresses'",
    '    | project pipKey = tolower(id), publicIp = tostring(properties.ipAddress), fqdn = tostring(properties.dnsSettings.fqdn)) on pipKey',
    "| project rowKind = 'host', id, name, type, subscriptionId, location, tags, vmSize = tostring(properties.hardwareProfile.vmSize),",
    '    imageReference = properties.storageProfile.imageReference, powerState = tostring(properties.extended.instanceView.powerState.code),',
    '    legacyExtension, publicIp, fqdn',
    `| union (resources | where isnotempty(tags['${provisioningTag}']) | project rowKind = 'tagged', id, name, type, subscriptionId, tags)`,
    "| union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions/resourcegroups'",
    `    and isnotempty(tags['${provisioningTag}']) | project rowKind = 'tagged', id, name, type, subscriptionId, tags)`,
    "| union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project rowKind = 'subscription', id, name, type, subscriptionId)",
    '| order by id asc',
].join('\n');

/** A row of the inventory query's result (Resource Graph's objectArray format). */
export interface InventoryRow {
    readonly rowKind: 'host' | 'tagged' | 'subscription';
    readonly id: string;
    readonly name: string;
    readonly type: string;
    readonly subscriptionId: string;
    readonly location?: string;
    readonly tags?: Record<string, string>;
    readonly vmSize?: string;
    readonly imageReference?: { publisher?: string; offer?: string; sku?: string; version?: string; id?: string };
    readonly powerState?: string;
    readonly legacyExtension?: string;
    readonly publicIp?: string;
    readonly fqdn?: string;
}

/** Resource Graph's largest page. */
const pageSize = 1000;
/** Resource Graph takes at most this many subscriptions per request. */
const subscriptionsPerRequest = 1000;

/** Every row of a query over the subscriptions, following $skipToken; `requests` counts the calls. */
export async function queryAll<T>(client: ResourceGraphClient, query: string, subscriptionIds: readonly string[], signal?: AbortSignal): Promise<{ rows: T[]; requests: number }> {
    const rows: T[] = [];
    let requests = 0;
    for (let i = 0; i < subscriptionIds.length; i += subscriptionsPerRequest) {
        const subscriptions = subscriptionIds.slice(i, i + subscriptionsPerRequest);
        let skipToken: string | undefined;
        do {
            const page = await client.resources({ subscriptions, query, options: { top: pageSize, skipToken, resultFormat: 'objectArray' } }, { abortSignal: signal });
            requests++;
            rows.push(...(page.data as T[]));
            skipToken = page.skipToken;
        } while (skipToken);
    }
    return { rows, requests };
}

/** One subscription's share of the inventory. */
export interface GraphSubscription {
    readonly hosts: DockerHost[];
    readonly tagged: TaggedInventory;
}

function hostOf(row: InventoryRow): DockerHost | undefined {
    const vm: VirtualMachine = {
        id: row.id,
        name: row.name,
        location: row.location ?? '',
        tags: row.tags,
        hardwareProfile: { vmSize: row.vmSize || undefined },
        storageProfile: { imageReference: row.imageReference ?? undefined },
        instanceView: { statuses: row.powerState ? [{ code: row.powerState }] : [] },
        // The query matched the retired extension by type and publisher already.
        resources: row.legacyExtension ? [{ typePropertiesType: 'DockerExtension', publisher: 'Microsoft.Azure.Extensions' }] : [],
    } as VirtualMachine;
    return toDockerHost(vm, { ipAddress: row.publicIp, dnsSettings: { fqdn: row.fqdn } });
}

/**
 * The rows by subscription (lower-case id). A subscription with no row of kind `subscription` is
 * one Resource Graph did not answer for: it is absent from the map.
 */
export function inventoryBySubscription(rows: readonly InventoryRow[]): Map<string, GraphSubscription> {
    const found = new Map<string, { hosts: DockerHost[]; resources: TaggedRow[]; groups: TaggedRow[] }>();
    const of = (id: string) => found.get(id.toLowerCase()) ?? found.set(id.toLowerCase(), { hosts: [], resources: [], groups: [] }).get(id.toLowerCase())!;
    const answered = new Set(rows.filter((r) => r.rowKind === 'subscription').map((r) => r.subscriptionId.toLowerCase()));
    for (const row of rows) {
        const sub = of(row.subscriptionId);
        if (row.rowKind === 'host') {
            const host = hostOf(row);
            if (host) {
                sub.hosts.push(host);
            }
        } else if (row.rowKind === 'tagged') {
            (row.type.toLowerCase() === 'microsoft.resources/subscriptions/resourcegroups' ? sub.groups : sub.resources).push(row);
        }
    }
    const result = new Map<string, GraphSubscription>();
    for (const id of answered) {
        const sub = of(id);
        result.set(id, { hosts: sub.hosts.sort(byName), tagged: { resources: sub.resources, groups: sub.groups } });
    }
    return result;
}
