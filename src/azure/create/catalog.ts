import type { ResourceSku } from '@azure/arm-compute';
import type { ArmClients } from '../armClients';
import { defaultVmSize } from './plan';

export interface VmSizeChoice {
    readonly name: string;
    readonly vCpus: number;
    readonly memoryGb: number;
}

// General-purpose sizes that suit a Docker engine, smallest first; anything else is left out of the short list.
const preferred = /^Standard_(B[1-9]s|B[248]ms|B[248]s_v2|D[248]s_v[3-6]|D[248]as_v[56]|D[248]ads_v[56])$/;

export function capability(sku: ResourceSku, name: string): number {
    return Number(sku.capabilities?.find((c) => c.name === name)?.value ?? NaN);
}

/** The short list of VM sizes offered in a location: available to the subscription, general purpose, small first. */
export function shortVmSizeList(skus: readonly ResourceSku[], location: string, limit = 8): VmSizeChoice[] {
    const loc = location.toLowerCase();
    const sizes = skus
        .filter((s) => s.resourceType === 'virtualMachines' && s.name && preferred.test(s.name))
        .filter((s) => s.locations?.some((l) => l.toLowerCase() === loc))
        .filter((s) => !locationRestriction(s, loc))
        .map((s) => ({ name: s.name!, vCpus: capability(s, 'vCPUs'), memoryGb: capability(s, 'MemoryGB') }))
        .filter((s) => Number.isFinite(s.vCpus) && Number.isFinite(s.memoryGb));
    const unique = [...new Map(sizes.map((s) => [s.name, s])).values()];
    unique.sort((a, b) => (a.name === defaultVmSize ? -1 : b.name === defaultVmSize ? 1 : a.vCpus - b.vCpus || a.memoryGb - b.memoryGb || a.name.localeCompare(b.name)));
    return unique.slice(0, limit);
}

/** Every resource SKU Azure lists for the location (resourceSkus.list with its location filter). */
export async function listSkus(clients: ArmClients, location: string, signal?: AbortSignal): Promise<ResourceSku[]> {
    const skus: ResourceSku[] = [];
    for await (const sku of clients.compute.resourceSkus.list({ filter: `location eq '${location}'`, abortSignal: signal })) {
        skus.push(sku);
    }
    return skus;
}

/** Why a size cannot be used in the location (its restriction's reason code), or undefined. */
export function locationRestriction(sku: ResourceSku, location: string): string | undefined {
    const loc = location.toLowerCase();
    const restriction = sku.restrictions?.find((r) => r.type === 'Location' && r.values?.some((v) => v.toLowerCase() === loc));
    return restriction ? (restriction.reasonCode ?? 'restricted') : undefined;
}

export async function listVmSizes(clients: ArmClients, location: string, signal?: AbortSignal): Promise<VmSizeChoice[]> {
    return shortVmSizeList(await listSkus(clients, location, signal), location);
}

/** The last used location first, then the rest by display name. */
export function orderLocations<T extends { name: string; displayName: string }>(locations: readonly T[], lastUsed: string | undefined): T[] {
    const sorted = [...locations].sort((a, b) => a.displayName.localeCompare(b.displayName));
    const i = lastUsed ? sorted.findIndex((l) => l.name === lastUsed) : -1;
    return i > 0 ? [sorted[i], ...sorted.slice(0, i), ...sorted.slice(i + 1)] : sorted;
}

/** Whether the DNS label is free in that location (the host name becomes the public IP's label). */
export async function isDnsLabelAvailable(clients: ArmClients, location: string, label: string, signal?: AbortSignal): Promise<boolean> {
    const result = await clients.network.checkDnsNameAvailability(location, label, { abortSignal: signal });
    return result.available !== false;
}

export async function resourceGroupExists(clients: ArmClients, name: string, signal?: AbortSignal): Promise<boolean> {
    try {
        await clients.resources.resourceGroups.get(name, { abortSignal: signal });
        return true;
    } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) {
            return false;
        }
        throw error;
    }
}
