/**
 * The emulator's in-memory Azure: subscriptions, locations, resource groups and resources.
 * Resources are stored as the user sent them (normalised); views (arm/views*.ts) add the derived
 * fields ARM returns (ids of children, back-references, instance views). Child resources (subnets,
 * security rules, VM extensions) are records of their own, so references resolve uniformly.
 */
import { type Json, type JsonObject, collectIdRefs, isUnder, sameId } from './util';

export type PowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated';

export interface SubscriptionRecord {
    subscriptionId: string;
    displayName: string;
    tenantId: string;
    state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';
    tags: Record<string, string>;
    /** Regional vCPU quota per location; undefined = unlimited. */
    coreQuota?: number;
    /** SKU names restricted per location for this subscription (ResourceSkus `restrictions`). */
    skuRestrictions: { sku: string; locations: string[]; reasonCode: string }[];
    /** False: Resource Graph's queries leave it out, as for a subscription it has not indexed yet. */
    inResourceGraph: boolean;
}

export interface LocationRecord {
    name: string;
    displayName: string;
    regionalDisplayName: string;
    geography: string;
    geographyGroup: string;
    latitude: string;
    longitude: string;
    physicalLocation: string;
    pairedRegion?: string;
}

export interface ResourceGroupRecord {
    id: string;
    name: string;
    subscriptionId: string;
    location: string;
    tags: Record<string, string>;
    provisioningState: 'Succeeded' | 'Deleting';
    managedBy?: string;
}

export interface ResourceRecord {
    /** Canonical id, in the casing it was created with. */
    id: string;
    name: string;
    /** Full type, e.g. Microsoft.Network/virtualNetworks/subnets. */
    type: string;
    subscriptionId: string;
    resourceGroup: string;
    /** Empty for child resources that have no location of their own (subnets, security rules). */
    location: string;
    tags: Record<string, string>;
    /** As sent (normalised), including provisioningState; never the secrets listed below. */
    properties: JsonObject;
    sku?: JsonObject;
    etag: string;
    createdAt: Date;
    /** Id of the asynchronous operation currently running on this resource. */
    busyWith?: string;
    // Microsoft.Compute/virtualMachines only
    powerState?: PowerState;
    vmId?: string;
    /** osProfile.customData exactly as sent (base64). ARM never returns it. */
    customData?: string;
    /** properties.userData as sent (base64); returned only with $expand=userData. */
    userData?: string;
    /** True once an onSetupExtension hook succeeded for this VM: onVmPower is called for it. */
    hookBacked?: boolean;
    // Microsoft.Compute/virtualMachines/extensions only: ARM never returns protectedSettings.
    protectedSettings?: Json;
    /** The last CustomScript run's output, for the instance view's StdOut/StdErr substatuses. */
    output?: { stdout: string; stderr: string };
    // Microsoft.DevTestLab/schedules only: when the scheduler last looked at it (the clock's ms).
    checkedAt?: number;
    // Microsoft.Network/publicIPAddresses only: the address reserved for it.
    ipAddress?: string;
    // Microsoft.Network/networkInterfaces only: private addresses per ipConfiguration name.
    privateIps?: Record<string, string>;
}

export const types = {
    resourceGroup: 'Microsoft.Resources/resourceGroups',
    vm: 'Microsoft.Compute/virtualMachines',
    extension: 'Microsoft.Compute/virtualMachines/extensions',
    disk: 'Microsoft.Compute/disks',
    vnet: 'Microsoft.Network/virtualNetworks',
    subnet: 'Microsoft.Network/virtualNetworks/subnets',
    nsg: 'Microsoft.Network/networkSecurityGroups',
    securityRule: 'Microsoft.Network/networkSecurityGroups/securityRules',
    pip: 'Microsoft.Network/publicIPAddresses',
    nic: 'Microsoft.Network/networkInterfaces',
    registry: 'Microsoft.ContainerRegistry/registries',
    schedule: 'Microsoft.DevTestLab/schedules',
} as const;

export interface InventoryItem { id: string; type: string; tags: Record<string, string> }

export class ArmState {
    readonly subscriptions = new Map<string, SubscriptionRecord>();
    locations: LocationRecord[] = [];
    readonly resourceGroups = new Map<string, ResourceGroupRecord>();
    // Private: put and forget keep it and bySubscription in step.
    private readonly resources = new Map<string, ResourceRecord>();
    /** The same records per subscription: ARM references never cross subscriptions (a NIC's subnet,
     * NSG and public IP, a VM's NIC and disk), so lookups scan one subscription, not the tenant. */
    private readonly bySubscription = new Map<string, Map<string, ResourceRecord>>();
    private nextIp = 0;
    private readonly usedIps = new Set<string>();

    subscription(subscriptionId: string): SubscriptionRecord | undefined {
        return this.subscriptions.get(subscriptionId.toLowerCase());
    }

    resourceGroup(subscriptionId: string, name: string): ResourceGroupRecord | undefined {
        return this.resourceGroups.get(rgKey(subscriptionId, name));
    }

    putResourceGroup(rg: ResourceGroupRecord): void {
        this.resourceGroups.set(rgKey(rg.subscriptionId, rg.name), rg);
    }

    deleteResourceGroup(subscriptionId: string, name: string): void {
        const rg = this.resourceGroup(subscriptionId, name);
        if (!rg) {
            return;
        }
        for (const r of this.resourcesIn(subscriptionId, name)) {
            this.forget(r);
        }
        this.resourceGroups.delete(rgKey(subscriptionId, name));
    }

    get(id: string): ResourceRecord | undefined {
        return this.resources.get(stripTrailingSlash(id).toLowerCase());
    }

    put(record: ResourceRecord): void {
        const key = record.id.toLowerCase();
        this.resources.set(key, record);
        const subscription = record.subscriptionId.toLowerCase();
        let records = this.bySubscription.get(subscription);
        if (!records) {
            records = new Map();
            this.bySubscription.set(subscription, records);
        }
        records.set(key, record);
    }

    /** Deletes the resource and its child resources. */
    remove(id: string): ResourceRecord[] {
        const removed = this.inSubscriptionOf(id).filter((r) => isUnder(r.id, id));
        for (const r of removed) {
            this.forget(r);
        }
        return removed;
    }

    private forget(record: ResourceRecord): void {
        const key = record.id.toLowerCase();
        this.resources.delete(key);
        this.bySubscription.get(record.subscriptionId.toLowerCase())?.delete(key);
    }

    private recordsOf(subscriptionId: string): ResourceRecord[] {
        return [...(this.bySubscription.get(subscriptionId.toLowerCase())?.values() ?? [])];
    }

    /** The records of the subscription `id` names (all records when it names none). */
    private inSubscriptionOf(id: string): ResourceRecord[] {
        const subscription = /^\/subscriptions\/([^/]+)/i.exec(id)?.[1];
        return subscription === undefined ? this.all() : this.recordsOf(subscription);
    }

    all(): ResourceRecord[] {
        return [...this.resources.values()];
    }

    resourcesIn(subscriptionId: string, resourceGroup?: string): ResourceRecord[] {
        return this.recordsOf(subscriptionId).filter((r) => resourceGroup === undefined || sameId(r.resourceGroup, resourceGroup));
    }

    ofType(type: string, subscriptionId: string, resourceGroup?: string): ResourceRecord[] {
        return this.resourcesIn(subscriptionId, resourceGroup).filter((r) => sameId(r.type, type));
    }

    children(parentId: string, type: string): ResourceRecord[] {
        const prefix = parentId.toLowerCase() + '/';
        return this.inSubscriptionOf(parentId).filter((r) => sameId(r.type, type) && r.id.toLowerCase().startsWith(prefix)
            && r.id.slice(prefix.length).split('/').length === 2);
    }

    /**
     * Resources (other than `id` itself and its children) whose stored properties reference `id`
     * or one of its children, with the referencing path's owner.
     */
    referrers(id: string): { by: ResourceRecord; ref: string }[] {
        const found: { by: ResourceRecord; ref: string }[] = [];
        for (const r of this.inSubscriptionOf(id)) {
            if (isUnder(r.id, id)) {
                continue;
            }
            for (const ref of collectIdRefs(r.properties)) {
                if (isUnder(ref, id)) {
                    found.push({ by: r, ref });
                }
            }
        }
        return found;
    }

    /** Hands out a unique loopback address, 127.1.0.1 upwards, skipping addresses already used. */
    allocateIp(): string {
        for (;;) {
            const n = this.nextIp++;
            const ip = `127.1.${Math.floor(n / 254) % 256}.${(n % 254) + 1}`;
            if (!this.usedIps.has(ip)) {
                this.usedIps.add(ip);
                return ip;
            }
        }
    }

    reserveIp(ip: string): boolean {
        if (this.usedIps.has(ip)) {
            return false;
        }
        this.usedIps.add(ip);
        return true;
    }

    inventory(): InventoryItem[] {
        return [
            ...[...this.resourceGroups.values()].map((rg) => ({ id: rg.id, type: types.resourceGroup, tags: { ...rg.tags } })),
            ...this.all().map((r) => ({ id: r.id, type: r.type, tags: { ...r.tags } })),
        ];
    }
}

function rgKey(subscriptionId: string, name: string): string {
    return `${subscriptionId}/${name}`.toLowerCase();
}

function stripTrailingSlash(id: string): string {
    return id.endsWith('/') ? id.slice(0, -1) : id;
}

export function resourceGroupId(subscriptionId: string, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

export function resourceId(subscriptionId: string, resourceGroup: string, type: string, ...names: string[]): string {
    const [namespace, ...typeSegments] = type.split('/');
    let path = `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${namespace}`;
    typeSegments.forEach((segment, i) => {
        path += `/${segment}/${names[i]}`;
    });
    return path;
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]`. */
export function parseResourceId(id: string):
    { subscriptionId: string; resourceGroup: string; type: string; names: string[] } | undefined {
    const m = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i.exec(id);
    if (!m) {
        return undefined;
    }
    const segments = m[4].split('/');
    if (segments.length % 2 !== 0) {
        return undefined;
    }
    const typeParts: string[] = [m[3]];
    const names: string[] = [];
    for (let i = 0; i < segments.length; i += 2) {
        typeParts.push(segments[i]);
        names.push(segments[i + 1]);
    }
    return { subscriptionId: m[1], resourceGroup: m[2], type: typeParts.join('/'), names };
}
