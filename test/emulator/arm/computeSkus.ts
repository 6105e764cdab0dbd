/**
 * Resource SKUs (2021-07-01 ResourceSkus_List_ForARegion) and VM sizes (VirtualMachineSizes_List)
 * for a handful of sizes. Figures are the public size tables' vCPUs and memory.
 */
import type { Ctx } from '../core';
import type { SubscriptionRecord } from '../state';
import type { JsonObject } from '../util';
import { normalizeLocation } from '../util';
import { list, requireSubscription } from './common';
import { ArmError } from './errors';
import type { Router } from './router';

export interface VmSku {
    name: string;
    family: string;
    vCPUs: number;
    memoryGB: number;
    maxDataDisks: number;
    resourceDiskMB: number;
    arch: 'x64' | 'Arm64';
}

export const vmSkus: VmSku[] = [
    { name: 'Standard_B1s', family: 'standardBSFamily', vCPUs: 1, memoryGB: 1, maxDataDisks: 2, resourceDiskMB: 4096, arch: 'x64' },
    { name: 'Standard_B1ms', family: 'standardBSFamily', vCPUs: 1, memoryGB: 2, maxDataDisks: 2, resourceDiskMB: 4096, arch: 'x64' },
    { name: 'Standard_B2s', family: 'standardBSFamily', vCPUs: 2, memoryGB: 4, maxDataDisks: 4, resourceDiskMB: 8192, arch: 'x64' },
    { name: 'Standard_B2ms', family: 'standardBSFamily', vCPUs: 2, memoryGB: 8, maxDataDisks: 4, resourceDiskMB: 16384, arch: 'x64' },
    { name: 'Standard_B4ms', family: 'standardBSFamily', vCPUs: 4, memoryGB: 16, maxDataDisks: 8, resourceDiskMB: 32768, arch: 'x64' },
    { name: 'Standard_D2s_v5', family: 'standardDSv5Family', vCPUs: 2, memoryGB: 8, maxDataDisks: 4, resourceDiskMB: 0, arch: 'x64' },
    { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vCPUs: 4, memoryGB: 16, maxDataDisks: 8, resourceDiskMB: 0, arch: 'x64' },
    { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vCPUs: 8, memoryGB: 32, maxDataDisks: 16, resourceDiskMB: 0, arch: 'x64' },
    { name: 'Standard_D2as_v5', family: 'standardDASv5Family', vCPUs: 2, memoryGB: 8, maxDataDisks: 4, resourceDiskMB: 0, arch: 'x64' },
    { name: 'Standard_D2ps_v5', family: 'standardDPSv5Family', vCPUs: 2, memoryGB: 8, maxDataDisks: 4, resourceDiskMB: 0, arch: 'Arm64' },
];

export function findSku(name: string): VmSku | undefined {
    return vmSkus.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

export function skuRestriction(sub: SubscriptionRecord, sku: string, location: string): string | undefined {
    return sub.skuRestrictions.find((r) => r.sku.toLowerCase() === sku.toLowerCase()
        && r.locations.map(normalizeLocation).includes(location))?.reasonCode;
}

function skuView(sub: SubscriptionRecord, sku: VmSku, location: string): JsonObject {
    const cap = (name: string, value: string | number | boolean): JsonObject => ({
        name,
        value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value),
    });
    const reason = skuRestriction(sub, sku.name, location);
    return {
        resourceType: 'virtualMachines',
        name: sku.name,
        tier: 'Standard',
        size: sku.name.replace(/^Standard_/, ''),
        family: sku.family,
        locations: [location],
        locationInfo: [{ location, zones: ['1', '2', '3'], zoneDetails: [] }],
        capabilities: [
            cap('MaxResourceVolumeMB', sku.resourceDiskMB),
            cap('OSVhdSizeMB', 1047552),
            cap('vCPUs', sku.vCPUs),
            cap('HyperVGenerations', sku.arch === 'Arm64' ? 'V2' : 'V1,V2'),
            cap('MemoryGB', sku.memoryGB),
            cap('MaxDataDiskCount', sku.maxDataDisks),
            cap('CpuArchitectureType', sku.arch),
            cap('LowPriorityCapable', !sku.name.startsWith('Standard_B')),
            cap('PremiumIO', true),
            cap('vCPUsAvailable', sku.vCPUs),
            cap('vCPUsPerCore', sku.name.startsWith('Standard_B') ? 1 : 2),
            cap('EphemeralOSDiskSupported', false),
            cap('AcceleratedNetworkingEnabled', !sku.name.startsWith('Standard_B')),
            cap('RdmaEnabled', false),
            cap('MaxNetworkInterfaces', 2),
        ],
        restrictions: reason ? [{
            type: 'Location',
            values: [location],
            restrictionInfo: { locations: [location] },
            reasonCode: reason,
        }] : [],
    };
}

function listSkus(ctx: Ctx): { status: number; body: JsonObject } {
    const sub = requireSubscription(ctx, ctx.params.subscriptionId);
    const filter = ctx.url.searchParams.get('$filter');
    let locations = ctx.core.state.locations.map((l) => l.name);
    if (filter) {
        const m = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(filter);
        if (!m) {
            throw new ArmError(400, 'InvalidFilter', `The filter '${filter}' is not supported. Only "location eq '<location>'" is.`);
        }
        locations = locations.filter((l) => l === normalizeLocation(m[1]));
    }
    return { status: 200, body: { value: locations.flatMap((l) => vmSkus.map((s) => skuView(sub, s, l))) } };
}

export function registerSkus(router: Router): void {
    router.add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/skus', listSkus);
    router.add('GET', '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/vmSizes', (ctx) => {
        requireSubscription(ctx, ctx.params.subscriptionId);
        const location = normalizeLocation(ctx.params.location);
        if (!ctx.core.state.locations.some((l) => l.name === location)) {
            throw new ArmError(404, 'NoRegisteredProviderFound',
                `No registered resource provider found for location '${ctx.params.location}'.`);
        }
        return list(vmSkus.map((s) => ({
            name: s.name,
            numberOfCores: s.vCPUs,
            osDiskSizeInMB: 1047552,
            resourceDiskSizeInMB: s.resourceDiskMB,
            memoryInMB: s.memoryGB * 1024,
            maxDataDiskCount: s.maxDataDisks,
        })));
    });
}
