/**
 * What Microsoft.Network returns for virtual networks, subnets, NSGs, public IPs and NICs. Shapes
 * follow test/emulator/contract/examples/Microsoft.Network (2025-07-01 / 2025-09-01). Back-references that ARM
 * computes (subnet.ipConfigurations, nsg.networkInterfaces, pip.ipConfiguration,
 * nic.virtualMachine) are derived here from the stored references.
 */
import type { ArmState, ResourceRecord } from '../state';
import { types } from '../state';
import type { Json, JsonObject } from '../util';
import { arr, obj, str } from '../util';
import { refId } from './common';

function base(r: ResourceRecord, withLocation = true): JsonObject {
    const view: JsonObject = { name: r.name, id: r.id, etag: r.etag, type: r.type };
    if (withLocation) {
        view.location = r.location;
        if (Object.keys(r.tags).length) {
            view.tags = { ...r.tags };
        }
    }
    return view;
}

/** `{id}` of every NIC ipConfiguration whose stored properties point at `targetId`, by property. */
function ipConfigRefs(state: ArmState, targetId: string, property: 'subnet' | 'publicIPAddress'): string[] {
    const out: string[] = [];
    for (const nic of state.all()) {
        if (nic.type !== types.nic) {
            continue;
        }
        for (const ipc of arr(nic.properties.ipConfigurations)) {
            const ipcObj = obj(ipc);
            const ref = refId(obj(ipcObj?.properties)?.[property]);
            if (ref && ref.toLowerCase() === targetId.toLowerCase()) {
                out.push(`${nic.id}/ipConfigurations/${str(ipcObj?.name) ?? ''}`);
            }
        }
    }
    return out;
}

export function subnetView(state: ArmState, subnet: ResourceRecord): JsonObject {
    const view = base(subnet, false);
    const properties: JsonObject = structuredClone(subnet.properties);
    const ipConfigurations = ipConfigRefs(state, subnet.id, 'subnet');
    if (ipConfigurations.length) {
        properties.ipConfigurations = ipConfigurations.map((id) => ({ id }));
    }
    view.properties = properties;
    return view;
}

export function vnetView(state: ArmState, vnet: ResourceRecord): JsonObject {
    const view = base(vnet);
    const properties: JsonObject = structuredClone(vnet.properties);
    properties.subnets = state.children(vnet.id, types.subnet).map((s) => subnetView(state, s));
    properties.virtualNetworkPeerings = [];
    properties.enableDdosProtection = false;
    view.properties = properties;
    return view;
}

const defaultRules: [string, string, string, string, string, string, number][] = [
    ['AllowVnetInBound', 'Allow inbound traffic from all VMs in VNET', 'Allow', 'Inbound', 'VirtualNetwork', 'VirtualNetwork', 65000],
    ['AllowAzureLoadBalancerInBound', 'Allow inbound traffic from azure load balancer', 'Allow', 'Inbound', 'AzureLoadBalancer', '*', 65001],
    ['DenyAllInBound', 'Deny all inbound traffic', 'Deny', 'Inbound', '*', '*', 65500],
    ['AllowVnetOutBound', 'Allow outbound traffic from all VMs to all VMs in VNET', 'Allow', 'Outbound', 'VirtualNetwork', 'VirtualNetwork', 65000],
    ['AllowInternetOutBound', 'Allow outbound traffic from all VMs to Internet', 'Allow', 'Outbound', '*', 'Internet', 65001],
    ['DenyAllOutBound', 'Deny all outbound traffic', 'Deny', 'Outbound', '*', '*', 65500],
];

export function securityRuleView(rule: ResourceRecord): JsonObject {
    const view = base(rule, false);
    view.properties = structuredClone(rule.properties);
    return view;
}

export function nsgView(state: ArmState, nsg: ResourceRecord): JsonObject {
    const view = base(nsg);
    const properties: JsonObject = structuredClone(nsg.properties);
    properties.securityRules = state.children(nsg.id, types.securityRule).map(securityRuleView);
    properties.defaultSecurityRules = defaultRules.map(([name, description, access, direction, source, destination, priority]) => ({
        name,
        id: `${nsg.id}/defaultSecurityRules/${name}`,
        etag: nsg.etag,
        type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
        properties: {
            description, access, direction, priority,
            protocol: '*',
            sourcePortRange: '*',
            destinationPortRange: '*',
            sourceAddressPrefix: source,
            destinationAddressPrefix: destination,
            sourceAddressPrefixes: [],
            destinationAddressPrefixes: [],
            sourcePortRanges: [],
            destinationPortRanges: [],
            provisioningState: 'Succeeded',
        },
    }));
    const users = state.referrers(nsg.id);
    const nics = users.filter((u) => u.by.type === types.nic).map((u) => ({ id: u.by.id }));
    const subnets = users.filter((u) => u.by.type === types.subnet).map((u) => ({ id: u.by.id }));
    if (nics.length) {
        properties.networkInterfaces = nics;
    }
    if (subnets.length) {
        properties.subnets = subnets;
    }
    view.properties = properties;
    return view;
}

/** The VM a NIC is attached to, if any. */
export function vmOfNic(state: ArmState, nicId: string): ResourceRecord | undefined {
    return state.referrers(nicId).find((r) => r.by.type === types.vm)?.by;
}

export function pipView(state: ArmState, pip: ResourceRecord): JsonObject {
    const view = base(pip);
    view.sku = structuredClone(pip.sku ?? { name: 'Standard', tier: 'Regional' });
    const properties: JsonObject = structuredClone(pip.properties);
    const [ipConfiguration] = ipConfigRefs(state, pip.id, 'publicIPAddress');
    if (ipConfiguration) {
        properties.ipConfiguration = { id: ipConfiguration };
    }
    // A dynamic address exists only while the VM behind it is allocated.
    let address: string | undefined = pip.ipAddress;
    if (properties.publicIPAllocationMethod === 'Dynamic') {
        const nicId = ipConfiguration?.split('/ipConfigurations/')[0];
        const vm = nicId ? vmOfNic(state, nicId) : undefined;
        if (!vm || vm.powerState === 'deallocated' || vm.powerState === 'deallocating') {
            address = undefined;
        }
    }
    if (address && properties.provisioningState !== 'Updating') {
        properties.ipAddress = address;
    }
    view.properties = properties;
    return view;
}

export function nicView(state: ArmState, nic: ResourceRecord): JsonObject {
    const view = base(nic);
    const properties: JsonObject = structuredClone(nic.properties);
    properties.ipConfigurations = arr(nic.properties.ipConfigurations).map((ipc): Json => {
        const c = obj(ipc) ?? {};
        const name = str(c.name) ?? '';
        return {
            name,
            id: `${nic.id}/ipConfigurations/${name}`,
            etag: nic.etag,
            type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
            properties: { ...structuredClone(obj(c.properties) ?? {}), provisioningState: nic.properties.provisioningState ?? 'Succeeded' },
        };
    });
    const vm = vmOfNic(state, nic.id);
    if (vm) {
        properties.virtualMachine = { id: vm.id };
        if (vm.powerState !== 'deallocated') {
            properties.macAddress = macFor(nic.id);
            properties.primary = true;
        }
    }
    view.properties = properties;
    return view;
}

function macFor(id: string): string {
    let h = 0;
    for (const ch of id.toLowerCase()) {
        h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    }
    const bytes = [0x00, 0x0d, 0x3a, (h >>> 16) & 255, (h >>> 8) & 255, h & 255];
    return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('-');
}
