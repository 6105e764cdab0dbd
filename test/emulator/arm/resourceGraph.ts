/**
 * Microsoft.ResourceGraph: `POST /providers/Microsoft.ResourceGraph/resources` for the one query the
 * extension sends, answered from the inventory with Resource Graph's response shape
 * (contract/examples/Microsoft.ResourceGraph/2024-04-01/Resources_*.json), paged with $skipToken.
 * The emulator does not interpret KQL: it knows that query's text (its own copy, so a change on
 * either side is a 400 naming the query, never a silent drift) and what it means.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord, SubscriptionRecord } from '../state';
import { types } from '../state';
import type { Json, JsonObject } from '../util';
import { arr, isObject, obj, str } from '../util';
import { ArmError } from './errors';
import type { Router } from './router';

const dockerTag = 'azure-docker-hosts:docker';
const provisioningTag = 'azure-docker-hosts:provisioning';

/** What the extension's inventory query asks for (src/azure/resourceGraph.ts), verbatim. */
const inventoryQuery = `resources
| where type =~ 'microsoft.compute/virtualmachines'
| extend vmKey = tolower(id), dockerTag = tostring(tags['azure-docker-hosts:docker'])
| join kind=leftouter (resources
    | where type =~ 'microsoft.compute/virtualmachines/extensions' and tostring(properties.type) =~ 'DockerExtension' and tostring(properties.publisher) =~ 'Microsoft.Azure.Extensions'
    | summarize legacyExtension = any(name) by vmKey = tolower(substring(id, 0, indexof(id, '/extensions/')))) on vmKey
| where isnotempty(dockerTag) or isnotempty(legacyExtension)
| extend nicKey = tolower(tostring(properties.networkProfile.networkInterfaces[0].id))
| join kind=leftouter (resources
    | where type =~ 'microsoft.network/networkinterfaces'
    | mv-expand ipConfiguration = properties.ipConfigurations
    | extend pipKey = tolower(tostring(ipConfiguration.properties.publicIPAddress.id))
    | where isnotempty(pipKey)
    | summarize pipKey = any(pipKey) by nicKey = tolower(id)) on nicKey
| join kind=leftouter (resources
    | where type =~ 'microsoft.network/publicipaddresses'
    | project pipKey = tolower(id), publicIp = tostring(properties.ipAddress), fqdn = tostring(properties.dnsSettings.fqdn)) on pipKey
| project rowKind = 'host', id, name, type, subscriptionId, location, tags, vmSize = tostring(properties.hardwareProfile.vmSize),
    imageReference = properties.storageProfile.imageReference, powerState = tostring(properties.extended.instanceView.powerState.code),
    legacyExtension, publicIp, fqdn
| union (resources | where isnotempty(tags['azure-docker-hosts:provisioning']) | project rowKind = 'tagged', id, name, type, subscriptionId, tags)
| union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions/resourcegroups'
    and isnotempty(tags['azure-docker-hosts:provisioning']) | project rowKind = 'tagged', id, name, type, subscriptionId, tags)
| union (resourcecontainers | where type =~ 'microsoft.resources/subscriptions' | project rowKind = 'subscription', id, name, type, subscriptionId)
| order by id asc`;

/** Resource Graph's page size when the request names none, and its largest. */
const defaultTop = 100;
const maxTop = 1000;

function isLegacyDocker(ext: ResourceRecord): boolean {
    return str(ext.properties.type)?.toLowerCase() === 'dockerextension' && str(ext.properties.publisher)?.toLowerCase() === 'microsoft.azure.extensions';
}

/**
 * A Docker host's row. Read from the stored records directly (as the ARM views do: the power state
 * from computeViews' rule, a dynamic address only while the VM is allocated as in pipView), since the
 * views scan every resource for back-references and a query covers thousands of VMs.
 */
function hostRow(ctx: Ctx, vm: ResourceRecord, legacy: ResourceRecord | undefined): JsonObject | undefined {
    if (vm.tags[dockerTag] === undefined && !legacy) {
        return undefined;
    }
    const { state } = ctx.core;
    const power = vm.powerState ?? 'running';
    const nicId = str(obj(arr(obj(vm.properties.networkProfile)?.networkInterfaces)[0])?.id);
    const nic = nicId ? state.get(nicId) : undefined;
    const pipId = nic ? arr(nic.properties.ipConfigurations).map((c) => str(obj(obj(obj(c)?.properties)?.publicIPAddress)?.id)).find(Boolean) : undefined;
    const pip = pipId ? state.get(pipId) : undefined;
    const unallocated = str(pip?.properties.publicIPAllocationMethod) === 'Dynamic' && (power === 'deallocated' || power === 'deallocating');
    const address = pip && !unallocated && pip.properties.provisioningState !== 'Updating' ? pip.ipAddress : undefined;
    return {
        rowKind: 'host',
        id: vm.id,
        name: vm.name,
        type: types.vm.toLowerCase(),
        subscriptionId: vm.subscriptionId,
        location: vm.location,
        tags: { ...vm.tags },
        vmSize: str(obj(vm.properties.hardwareProfile)?.vmSize) ?? '',
        imageReference: obj(obj(vm.properties.storageProfile)?.imageReference) ?? null,
        powerState: `PowerState/${power}`,
        legacyExtension: legacy?.name ?? '',
        publicIp: address ?? '',
        fqdn: str(obj(pip?.properties.dnsSettings)?.fqdn) ?? '',
    };
}

function taggedRow(id: string, name: string, type: string, subscriptionId: string, tags: Record<string, string>): JsonObject {
    return { rowKind: 'tagged', id, name, type: type.toLowerCase(), subscriptionId, tags: { ...tags } };
}

/** The query's rows for the subscriptions Resource Graph answers for, in `order by id asc` order. */
function inventoryRows(ctx: Ctx, subscriptions: SubscriptionRecord[]): JsonObject[] {
    const { state } = ctx.core;
    const wanted = new Set(subscriptions.map((s) => s.subscriptionId.toLowerCase()));
    const rows: JsonObject[] = subscriptions.map((sub) => ({ rowKind: 'subscription', id: `/subscriptions/${sub.subscriptionId}`, name: sub.displayName, type: 'microsoft.resources/subscriptions', subscriptionId: sub.subscriptionId }));
    const resources = state.all().filter((r) => wanted.has(r.subscriptionId.toLowerCase()));
    // The join on the retired extension: its VM's id is the extension's id without `/extensions/<name>`.
    const legacy = new Map<string, ResourceRecord>();
    for (const r of resources) {
        if (r.type === types.extension && isLegacyDocker(r)) {
            legacy.set(r.id.slice(0, r.id.toLowerCase().lastIndexOf('/extensions/')).toLowerCase(), r);
        }
    }
    for (const r of resources) {
        const host = r.type === types.vm ? hostRow(ctx, r, legacy.get(r.id.toLowerCase())) : undefined;
        if (host) {
            rows.push(host);
        }
        if (r.tags[provisioningTag] !== undefined) {
            rows.push(taggedRow(r.id, r.name, r.type, r.subscriptionId, r.tags));
        }
    }
    for (const rg of state.resourceGroups.values()) {
        if (wanted.has(rg.subscriptionId.toLowerCase()) && rg.tags[provisioningTag] !== undefined) {
            rows.push(taggedRow(rg.id, rg.name, 'microsoft.resources/subscriptions/resourcegroups', rg.subscriptionId, rg.tags));
        }
    }
    return rows.sort((a, b) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0));
}

function queryError(message: string, details: string): ArmError {
    return new ArmError(400, 'BadRequest', message, undefined, [{ code: 'InvalidQuery', message: details }]);
}

/** Binds a page offset to the query and scopes it was issued for, as Resource Graph's tokens are. */
function skipTokenFor(offset: number, scope: string): string {
    return Buffer.from(JSON.stringify({ offset, scope })).toString('base64');
}

function offsetOf(token: string, scope: string): number {
    try {
        const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown; scope?: unknown };
        if (typeof parsed.offset === 'number' && parsed.scope === scope) {
            return parsed.offset;
        }
    } catch {
        // fall through
    }
    throw queryError('The $skipToken is not valid for this query and these subscriptions.', `$skipToken: ${token}`);
}

function resources(ctx: Ctx): Reply {
    const body = isObject(ctx.body) ? ctx.body : {};
    const query = str(body.query);
    if (query !== inventoryQuery) {
        throw queryError(`The emulator answers only the extension's Resource Graph queries; this one is not among them: ${query ?? '(no query)'}`, query ?? '');
    }
    const requested = arr(body.subscriptions).map((s) => String(s).toLowerCase());
    const tenant = ctx.caller?.tenantId.toLowerCase();
    // Subscriptions the caller cannot read, or Resource Graph has not indexed, are left out silently, as Resource Graph does.
    const subscriptions = requested.map((id) => ctx.core.state.subscription(id))
        .filter((s): s is SubscriptionRecord => !!s && s.inResourceGraph && s.tenantId.toLowerCase() === tenant);
    const options = obj(body.options) ?? {};
    const scope = createHash('sha256').update(JSON.stringify([query, requested])).digest('hex');
    const token = str(options.$skipToken);
    const top = Math.min(maxTop, Number(options.$top ?? defaultTop));
    const skip = token ? offsetOf(token, scope) : Number(options.$skip ?? 0);
    const rows = inventoryRows(ctx, subscriptions);
    const data: Json[] = rows.slice(skip, skip + top);
    const page: JsonObject = { totalRecords: rows.length, count: data.length, resultTruncated: 'false', facets: [], data };
    if (skip + top < rows.length) {
        page.$skipToken = skipTokenFor(skip + top, scope);
    }
    // Resource Graph's own quota (15 queries per 5 s window per user); the emulator does not enforce it.
    return { status: 200, headers: { 'x-ms-user-quota-remaining': '14', 'x-ms-user-quota-resets-after': '00:00:05' }, body: page };
}

export function registerResourceGraph(router: Router): void {
    router.add('POST', '/providers/Microsoft.ResourceGraph/resources', resources);
}
