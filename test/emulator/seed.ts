/**
 * Seeds: the Azure an emulator starts with. Resources are created through the same handlers as
 * real PUTs (so a seed obeys the same rules), with no delay, then power states and extension
 * states are set. Names in a resource group refer to resources in the same resource group.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Router } from './arm/router';
import type { Ctx, EmulatorCore } from './core';
import type { LocationRecord, PowerState, SubscriptionRecord } from './state';
import { resourceGroupId, resourceId, types } from './state';
import type { Json, JsonObject } from './util';
import { normalizeLocation } from './util';
import { ArmError } from './arm/errors';

export interface SeedLocation {
    name: string;
    displayName?: string;
    regionalDisplayName?: string;
    geography?: string;
    geographyGroup?: string;
    latitude?: string;
    longitude?: string;
    physicalLocation?: string;
    pairedRegion?: string;
}

export interface Seed {
    /** Default 72f988bf-0000-4000-8000-00000000ad0e. */
    tenantId?: string;
    /** The service principal the emulator accepts. Generated per start when omitted. */
    clientId?: string;
    clientSecret?: string;
    /** Region names from the built-in table, or full descriptions. Default: every region in the table (eastus, westus, centralus, eastus2, westus2, westeurope, northeurope, ukwest, uksouth). */
    locations?: (string | SeedLocation)[];
    subscriptions: SeedSubscription[];
}

export interface SeedSubscription {
    subscriptionId: string;
    displayName: string;
    /** Default: the seed's tenantId. */
    tenantId?: string;
    state?: SubscriptionRecord['state'];
    tags?: Record<string, string>;
    /** Total regional vCPUs per location (quota); unlimited when omitted. */
    coreQuota?: number;
    skuRestrictions?: { sku: string; locations: string[]; reasonCode?: string }[];
    /** False: Resource Graph has not indexed it (a subscription just created or moved), so its queries leave it out. Default true. */
    inResourceGraph?: boolean;
    resourceGroups?: SeedResourceGroup[];
}

export interface SeedResourceGroup {
    name: string;
    location: string;
    tags?: Record<string, string>;
    virtualNetworks?: {
        name: string; location?: string; tags?: Record<string, string>; addressPrefixes?: string[];
        subnets?: { name: string; addressPrefix: string; networkSecurityGroup?: string }[];
    }[];
    networkSecurityGroups?: {
        name: string; location?: string; tags?: Record<string, string>;
        /** Security rules as ARM takes them: `{ name, properties }` would be verbose, so flat: name + properties. */
        securityRules?: ({ name: string } & JsonObject)[];
    }[];
    publicIPAddresses?: {
        name: string; location?: string; tags?: Record<string, string>;
        domainNameLabel?: string; allocation?: 'Static' | 'Dynamic'; sku?: 'Standard' | 'Basic';
        /** A fixed loopback address (default: the next free 127.1.x.y). */
        ipAddress?: string;
    }[];
    networkInterfaces?: {
        name: string; location?: string; tags?: Record<string, string>;
        virtualNetwork: string; subnet: string; publicIPAddress?: string; networkSecurityGroup?: string;
    }[];
    virtualMachines?: SeedVm[];
}

export interface SeedVm {
    name: string;
    location?: string;
    tags?: Record<string, string>;
    /** Default Standard_B2s. */
    size?: string;
    /** Default Canonical ubuntu-24_04-lts server latest (Windows: WindowsServer 2022). */
    image?: { publisher: string; offer: string; sku: string; version?: string };
    osType?: 'Linux' | 'Windows';
    adminUsername?: string;
    sshPublicKey?: string;
    /** NIC names in the same resource group; the first is primary. */
    networkInterfaces: string[];
    /** Default running. */
    powerState?: Extract<PowerState, 'running' | 'stopped' | 'deallocated'>;
    /** Plain text; stored base64-encoded like osProfile.customData. */
    customData?: string;
    extensions?: {
        name: string; publisher: string; type: string; typeHandlerVersion: string;
        settings?: JsonObject; provisioningState?: 'Succeeded' | 'Failed';
    }[];
}

export const defaultTenantId = '72f988bf-0000-4000-8000-00000000ad0e';

const knownLocations: LocationRecord[] = [
    { name: 'eastus', displayName: 'East US', regionalDisplayName: '(US) East US', geography: 'United States', geographyGroup: 'US', latitude: '37.3719', longitude: '-79.8164', physicalLocation: 'Virginia', pairedRegion: 'westus' },
    { name: 'eastus2', displayName: 'East US 2', regionalDisplayName: '(US) East US 2', geography: 'United States', geographyGroup: 'US', latitude: '36.6681', longitude: '-78.3889', physicalLocation: 'Virginia', pairedRegion: 'centralus' },
    { name: 'westus', displayName: 'West US', regionalDisplayName: '(US) West US', geography: 'United States', geographyGroup: 'US', latitude: '37.783', longitude: '-122.417', physicalLocation: 'California', pairedRegion: 'eastus' },
    { name: 'centralus', displayName: 'Central US', regionalDisplayName: '(US) Central US', geography: 'United States', geographyGroup: 'US', latitude: '41.5908', longitude: '-93.6208', physicalLocation: 'Iowa', pairedRegion: 'eastus2' },
    { name: 'westus2', displayName: 'West US 2', regionalDisplayName: '(US) West US 2', geography: 'United States', geographyGroup: 'US', latitude: '47.233', longitude: '-119.852', physicalLocation: 'Washington', pairedRegion: 'westcentralus' },
    { name: 'westeurope', displayName: 'West Europe', regionalDisplayName: '(Europe) West Europe', geography: 'Europe', geographyGroup: 'Europe', latitude: '52.3667', longitude: '4.9', physicalLocation: 'Netherlands', pairedRegion: 'northeurope' },
    { name: 'northeurope', displayName: 'North Europe', regionalDisplayName: '(Europe) North Europe', geography: 'Europe', geographyGroup: 'Europe', latitude: '53.3478', longitude: '-6.2597', physicalLocation: 'Ireland', pairedRegion: 'westeurope' },
    { name: 'ukwest', displayName: 'UK West', regionalDisplayName: '(Europe) UK West', geography: 'United Kingdom', geographyGroup: 'Europe', latitude: '53.427', longitude: '-3.084', physicalLocation: 'Cardiff', pairedRegion: 'uksouth' },
    { name: 'uksouth', displayName: 'UK South', regionalDisplayName: '(Europe) UK South', geography: 'United Kingdom', geographyGroup: 'Europe', latitude: '50.941', longitude: '-0.799', physicalLocation: 'London', pairedRegion: 'ukwest' },
];

export const defaultSeed: Seed = {
    subscriptions: [{ subscriptionId: '00000000-0000-4000-8000-000000000001', displayName: 'Emulator Subscription' }],
};

/** test/emulator/seeds/demo.json (read from the source tree, next to the compiled file's source). */
export function demoSeedPath(): string {
    // out/test/emulator/seed.js -> test/emulator/seeds/demo.json
    return path.resolve(__dirname, '..', '..', '..', 'test', 'emulator', 'seeds', 'demo.json');
}

export function loadSeed(file: string): Seed {
    return JSON.parse(readFileSync(file, 'utf8')) as Seed;
}

const seedSshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFNlZWRLZXlGb3JUaGVFbXVsYXRvck5vdEFSZWFsS2V5 emulator-seed';

export function seedLocations(seed: Seed): LocationRecord[] {
    const wanted = seed.locations ?? knownLocations.map((l) => l.name);
    return wanted.map((w) => {
        const name = normalizeLocation(typeof w === 'string' ? w : w.name);
        const known = knownLocations.find((l) => l.name === name);
        const given: Partial<SeedLocation> = typeof w === 'string' ? {} : w;
        return {
            name,
            displayName: given.displayName ?? known?.displayName ?? name,
            regionalDisplayName: given.regionalDisplayName ?? known?.regionalDisplayName ?? name,
            geography: given.geography ?? known?.geography ?? 'Emulator',
            geographyGroup: given.geographyGroup ?? known?.geographyGroup ?? 'Emulator',
            latitude: given.latitude ?? known?.latitude ?? '0',
            longitude: given.longitude ?? known?.longitude ?? '0',
            physicalLocation: given.physicalLocation ?? known?.physicalLocation ?? 'Loopback',
            pairedRegion: given.pairedRegion ?? known?.pairedRegion,
        };
    });
}

/** Applies a seed to an empty core, through `router`'s handlers. Call before the server listens. */
export async function applySeed(core: EmulatorCore, router: Router, seed: Seed): Promise<void> {
    core.state.locations = seedLocations(seed);
    for (const s of seed.subscriptions) {
        core.state.subscriptions.set(s.subscriptionId.toLowerCase(), {
            subscriptionId: s.subscriptionId,
            displayName: s.displayName,
            tenantId: s.tenantId ?? core.identity.tenantId,
            state: s.state ?? 'Enabled',
            tags: { ...s.tags },
            coreQuota: s.coreQuota,
            skuRestrictions: (s.skuRestrictions ?? []).map((r) => ({ ...r, reasonCode: r.reasonCode ?? 'NotAvailableForSubscription' })),
            inResourceGraph: s.inResourceGraph ?? true,
        });
    }
    const restore = core.instantOperations;
    const hooks = { ...core.hooks };
    core.instantOperations = true;
    // Seeded VMs are not backed by anything: the hooks are for what the extension creates.
    core.hooks.onSetupExtension = undefined;
    core.hooks.onVmPower = undefined;
    try {
        for (const s of seed.subscriptions) {
            for (const rg of s.resourceGroups ?? []) {
                await seedResourceGroup(core, router, s.subscriptionId, rg);
            }
        }
        await core.ops.settle();
    } finally {
        core.instantOperations = restore;
        Object.assign(core.hooks, hooks);
    }
    for (const s of seed.subscriptions) {
        for (const rg of s.resourceGroups ?? []) {
            for (const vm of rg.virtualMachines ?? []) {
                finishVm(core, s.subscriptionId, rg.name, vm);
            }
        }
    }
}

async function call(core: EmulatorCore, router: Router, method: string, path: string, body: Json): Promise<void> {
    const match = router.match(method, path);
    if (match.kind !== 'found') {
        throw new Error(`seed: no route for ${method} ${path}`);
    }
    const ctx: Ctx = { core, method, url: new URL(`https://seed.invalid${path}`), params: match.params, body, apiVersion: 'seed', headers: {} };
    try {
        const reply = await match.handler(ctx);
        if (reply.status >= 300) {
            throw new Error(`seed: ${method} ${path} answered ${reply.status}`);
        }
    } catch (e) {
        if (e instanceof ArmError) {
            throw new Error(`seed: ${method} ${path} failed: ${e.code}: ${e.message}`);
        }
        throw e;
    }
}

async function seedResourceGroup(core: EmulatorCore, router: Router, sub: string, rg: SeedResourceGroup): Promise<void> {
    const rgPath = resourceGroupId(sub, rg.name);
    const id = (type: string, ...names: string[]) => resourceId(sub, rg.name, type, ...names);
    const loc = (l?: string) => l ?? rg.location;
    await call(core, router, 'PUT', rgPath, { location: rg.location, tags: rg.tags ?? {} });
    for (const nsg of rg.networkSecurityGroups ?? []) {
        await call(core, router, 'PUT', id(types.nsg, nsg.name), {
            location: loc(nsg.location), tags: nsg.tags ?? {},
            properties: { securityRules: (nsg.securityRules ?? []).map(({ name, ...properties }) => ({ name, properties })) },
        });
    }
    await core.ops.settle();
    for (const vnet of rg.virtualNetworks ?? []) {
        await call(core, router, 'PUT', id(types.vnet, vnet.name), {
            location: loc(vnet.location), tags: vnet.tags ?? {},
            properties: {
                addressSpace: { addressPrefixes: vnet.addressPrefixes ?? ['10.0.0.0/16'] },
                subnets: (vnet.subnets ?? [{ name: 'default', addressPrefix: '10.0.0.0/24' }]).map((s) => ({
                    name: s.name,
                    properties: {
                        addressPrefix: s.addressPrefix,
                        ...(s.networkSecurityGroup ? { networkSecurityGroup: { id: id(types.nsg, s.networkSecurityGroup) } } : {}),
                    },
                })),
            },
        });
    }
    for (const pip of rg.publicIPAddresses ?? []) {
        await call(core, router, 'PUT', id(types.pip, pip.name), {
            location: loc(pip.location), tags: pip.tags ?? {},
            sku: { name: pip.sku ?? 'Standard' },
            properties: {
                publicIPAllocationMethod: pip.allocation ?? 'Static',
                ...(pip.domainNameLabel ? { dnsSettings: { domainNameLabel: pip.domainNameLabel } } : {}),
            },
        });
        if (pip.ipAddress) {
            const record = core.state.get(id(types.pip, pip.name));
            if (!record || !core.state.reserveIp(pip.ipAddress)) {
                throw new Error(`seed: public IP address ${pip.ipAddress} is already in use`);
            }
            record.ipAddress = pip.ipAddress;
        }
    }
    await core.ops.settle();
    for (const nic of rg.networkInterfaces ?? []) {
        await call(core, router, 'PUT', id(types.nic, nic.name), {
            location: loc(nic.location), tags: nic.tags ?? {},
            properties: {
                ipConfigurations: [{
                    name: 'ipconfig1',
                    properties: {
                        subnet: { id: id(types.subnet, nic.virtualNetwork, nic.subnet) },
                        ...(nic.publicIPAddress ? { publicIPAddress: { id: id(types.pip, nic.publicIPAddress) } } : {}),
                    },
                }],
                ...(nic.networkSecurityGroup ? { networkSecurityGroup: { id: id(types.nsg, nic.networkSecurityGroup) } } : {}),
            },
        });
    }
    await core.ops.settle();
    for (const vm of rg.virtualMachines ?? []) {
        await call(core, router, 'PUT', id(types.vm, vm.name), vmBody(vm, loc(vm.location), id));
    }
    await core.ops.settle();
    for (const vm of rg.virtualMachines ?? []) {
        for (const ext of vm.extensions ?? []) {
            await call(core, router, 'PUT', id(types.extension, vm.name, ext.name), {
                location: loc(vm.location),
                properties: {
                    publisher: ext.publisher, type: ext.type, typeHandlerVersion: ext.typeHandlerVersion,
                    autoUpgradeMinorVersion: true, settings: ext.settings ?? {},
                },
            });
        }
    }
}

function vmBody(vm: SeedVm, location: string, id: (type: string, ...names: string[]) => string): JsonObject {
    const windows = vm.osType === 'Windows';
    const admin = vm.adminUsername ?? 'azureuser';
    const image = vm.image ?? (windows
        ? { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' }
        : { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    const osProfile: JsonObject = { computerName: vm.name, adminUsername: admin };
    if (windows) {
        osProfile.adminPassword = 'Seed-Passw0rd-not-secret!';
        osProfile.windowsConfiguration = { provisionVMAgent: true };
    } else {
        osProfile.linuxConfiguration = {
            disablePasswordAuthentication: true,
            ssh: { publicKeys: [{ path: `/home/${admin}/.ssh/authorized_keys`, keyData: vm.sshPublicKey ?? seedSshKey }] },
        };
    }
    if (vm.customData !== undefined) {
        osProfile.customData = Buffer.from(vm.customData, 'utf8').toString('base64');
    }
    return {
        location,
        tags: vm.tags ?? {},
        properties: {
            hardwareProfile: { vmSize: vm.size ?? 'Standard_B2s' },
            storageProfile: {
                imageReference: { ...image, version: image.version ?? 'latest' },
                osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Standard_LRS' }, deleteOption: 'Delete' },
            },
            osProfile,
            networkProfile: {
                networkInterfaces: vm.networkInterfaces.map((n, i) => ({ id: id(types.nic, n), properties: { primary: i === 0 } })),
            },
        },
    };
}

function finishVm(core: EmulatorCore, sub: string, rg: string, vm: SeedVm): void {
    const record = core.state.get(resourceId(sub, rg, types.vm, vm.name));
    if (!record) {
        return;
    }
    record.powerState = vm.powerState ?? 'running';
    for (const ext of vm.extensions ?? []) {
        const e = core.state.get(`${record.id}/extensions/${ext.name}`);
        if (e && ext.provisioningState) {
            e.properties.provisioningState = ext.provisioningState;
            if (ext.provisioningState === 'Failed') {
                record.properties.provisioningState = 'Failed';
            }
        }
    }
}
