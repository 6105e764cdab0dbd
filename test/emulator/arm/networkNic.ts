/**
 * Microsoft.Network public IP addresses and network interfaces, and CheckDnsNameAvailability.
 * A public IP gets a unique loopback address (127.1.x.y) when created: that is the address a
 * dockerd-backed VM will listen on. Its DNS label must be unique per location (DnsRecordInUse, 400).
 */
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord } from '../state';
import { resourceId, types } from '../state';
import type { Json, JsonObject } from '../util';
import { arr, guid, normalizeLocation, obj, str } from '../util';
import {
    beginAccepted, beginPut, beginTopLevelPut, ensureNotBusy, list, refId,
    requireResource, requireResourceGroup, requireSubscription,
} from './common';
import { nextFreeAddress, parseCidr } from './cidr';
import { ArmError } from './errors';
import { checkRef } from './network';
import { nicView, pipView } from './networkViews';
import type { Router } from './router';

const rgPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';
const pipPath = `${rgPath}/providers/Microsoft.Network/publicIPAddresses/{publicIpAddressName}`;
const nicPath = `${rgPath}/providers/Microsoft.Network/networkInterfaces/{networkInterfaceName}`;

export function fqdnFor(label: string, location: string): string {
    return `${label}.${location}.cloudapp.azure.com`;
}

function labelOwner(ctx: Ctx, label: string, location: string, except?: string): ResourceRecord | undefined {
    return ctx.core.state.all().find((r) => r.type === types.pip && r.location === location && r.id !== except
        && str(obj(r.properties.dnsSettings)?.domainNameLabel)?.toLowerCase() === label.toLowerCase());
}

function putPip(ctx: Ctx): Reply {
    const name = ctx.params.publicIpAddressName;
    const { state, body, existing, location, props, store } = beginTopLevelPut(ctx, types.pip, name);
    const sku: JsonObject = obj(body.sku) ?? existing?.sku ?? { name: 'Standard', tier: 'Regional' };
    sku.tier ??= 'Regional';
    const dns = obj(props.dnsSettings);
    const label = str(dns?.domainNameLabel);
    if (dns && label !== undefined) {
        if (!/^[a-z][a-z0-9-]{1,61}[a-z0-9]$/.test(label)) {
            throw new ArmError(400, 'InvalidDomainNameLabel', `The domain name label ${label} is invalid. It must conform to the following regular expression: ^[a-z][a-z0-9-]{1,61}[a-z0-9]$.`);
        }
        if (labelOwner(ctx, label, location, existing?.id)) {
            throw new ArmError(400, 'DnsRecordInUse', `DNS record ${fqdnFor(label, location)} is already used by another public IP.`);
        }
        props.dnsSettings = { ...dns, domainNameLabel: label, fqdn: fqdnFor(label, location) };
    }
    delete props.provisioningState;
    delete props.ipAddress;
    delete props.ipConfiguration;
    props.publicIPAddressVersion ??= 'IPv4';
    props.publicIPAllocationMethod ??= str(sku.name) === 'Basic' ? 'Dynamic' : 'Static';
    props.idleTimeoutInMinutes ??= 4;
    props.ipTags ??= [];
    props.ddosSettings ??= { protectionMode: 'VirtualNetworkInherited' };
    props.resourceGuid = str(existing?.properties.resourceGuid) ?? guid();
    const record = store(props, () => ({ ipAddress: state.allocateIp() }));
    record.sku = sku;
    return beginPut(ctx, { record, created: !existing, kind: 'publicIPAddress', view: () => pipView(state, record) });
}

/** Validates and normalises one NIC ipConfiguration; allocates its private address. */
function ipConfiguration(ctx: Ctx, nicId: string, location: string, input: Json, index: number, taken: Set<string>, primarySubnet?: string): JsonObject {
    const c = obj(input) ?? {};
    const name = str(c.name);
    if (!name) {
        throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request: IP configuration ${index} of ${nicId} has no name.`);
    }
    const ipcId = `${nicId}/ipConfigurations/${name}`;
    const p = obj(c.properties) ?? {};
    // A secondary configuration without a subnet uses the primary's, as ARM does.
    const subnetRef = refId(p.subnet) ?? (index > 0 ? primarySubnet : undefined);
    if (!subnetRef) {
        throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request: IP configuration ${ipcId} must reference a subnet.`);
    }
    const subnetId = checkRef(ctx, subnetRef, types.subnet, nicId, location);
    const stored: JsonObject = {
        privateIPAllocationMethod: str(p.privateIPAllocationMethod) ?? 'Dynamic',
        privateIPAddressVersion: 'IPv4',
        primary: p.primary === true || (p.primary === undefined && index === 0),
        subnet: { id: subnetId },
    };
    const cidr = parseCidr(str(ctx.core.state.get(subnetId)?.properties.addressPrefix) ?? '');
    const requested = stored.privateIPAllocationMethod === 'Static' ? str(p.privateIPAddress) : undefined;
    if (requested && taken.has(requested)) {
        throw new ArmError(400, 'PrivateIPAddressInUse', `IP configuration ${ipcId} is using the private IP address ${requested} which is already allocated to resource in subnet ${subnetId}.`);
    }
    const address = requested ?? (cidr ? nextFreeAddress(cidr, taken) : undefined);
    if (!address) {
        throw new ArmError(400, 'SubnetIsFull', `Subnet ${subnetId} does not have enough capacity for 1 IP addresses.`);
    }
    taken.add(address);
    stored.privateIPAddress = address;
    if (typeof p.privateIPAddressPrefixLength === 'number') {
        stored.privateIPAddressPrefixLength = p.privateIPAddressPrefixLength;
    }
    const pipRef = refId(p.publicIPAddress);
    if (pipRef) {
        const pipId = checkRef(ctx, pipRef, types.pip, nicId, location);
        const other = ctx.core.state.referrers(pipId).find((r) => r.by.type === types.nic && r.by.id.toLowerCase() !== nicId.toLowerCase());
        if (other) {
            throw new ArmError(400, 'PublicIPAddressInUse', `Resource ${ipcId} is referencing public IP address ${pipId} that is already allocated to resource ${other.by.id}/ipConfigurations/${ipConfigName(other.by, pipId)}.`);
        }
        stored.publicIPAddress = { id: pipId };
    }
    return { name, properties: stored };
}

function ipConfigName(nic: ResourceRecord, pipId: string): string {
    const hit = arr(nic.properties.ipConfigurations).find((c) => refId(obj(obj(c)?.properties)?.publicIPAddress)?.toLowerCase() === pipId.toLowerCase());
    return str(obj(hit)?.name) ?? 'ipconfig1';
}

/** Private addresses already used in the subnets this NIC uses, by other NICs. */
function takenAddresses(ctx: Ctx, nicId: string): Set<string> {
    const taken = new Set<string>();
    for (const nic of ctx.core.state.ofType(types.nic, nicId.split('/')[2])) {
        if (nic.id.toLowerCase() === nicId.toLowerCase()) {
            continue;
        }
        for (const c of arr(nic.properties.ipConfigurations)) {
            const ip = str(obj(obj(c)?.properties)?.privateIPAddress);
            if (ip) {
                taken.add(ip);
            }
        }
    }
    return taken;
}

function putNic(ctx: Ctx): Reply {
    const name = ctx.params.networkInterfaceName;
    const { state, id, existing, location, props, store } = beginTopLevelPut(ctx, types.nic, name);
    const configs = arr(props.ipConfigurations);
    if (configs.length === 0) {
        throw new ArmError(400, 'InvalidRequestFormat', `Cannot parse the request: network interface ${id} must have at least one IP configuration.`);
    }
    const taken = takenAddresses(ctx, id);
    const stored: JsonObject[] = [];
    for (const [i, c] of configs.entries()) {
        stored.push(ipConfiguration(ctx, id, location, c, i, taken, refId(obj(stored[0]?.properties)?.subnet)));
    }
    props.ipConfigurations = stored;
    const nsg = refId(props.networkSecurityGroup);
    if (nsg) {
        props.networkSecurityGroup = { id: checkRef(ctx, nsg, types.nsg, id, location) };
    }
    for (const derived of ['provisioningState', 'virtualMachine', 'macAddress', 'primary']) {
        delete props[derived];
    }
    props.dnsSettings = { dnsServers: arr(obj(props.dnsSettings)?.dnsServers), appliedDnsServers: [] };
    props.enableAcceleratedNetworking ??= false;
    props.enableIPForwarding ??= false;
    props.vnetEncryptionSupported = false;
    props.nicType ??= 'Standard';
    props.resourceGuid = str(existing?.properties.resourceGuid) ?? guid();
    const record = store(props);
    return beginPut(ctx, { record, created: !existing, kind: 'networkInterface', view: () => nicView(state, record) });
}

function deleteNetworkResource(ctx: Ctx, type: string, name: string, kind: 'publicIPAddress' | 'networkInterface'): Reply {
    requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
    const record = ctx.core.state.get(resourceId(ctx.params.subscriptionId, ctx.params.resourceGroupName, type, name));
    if (!record) {
        return { status: 204 };
    }
    ensureNotBusy(record);
    const user = ctx.core.state.referrers(record.id)[0];
    if (user && type === types.pip) {
        throw new ArmError(400, 'PublicIPAddressCannotBeDeleted', `Public IP address ${record.id} can not be deleted since it is still allocated to resource ${user.by.id}/ipConfigurations/${ipConfigName(user.by, record.id)}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`);
    }
    if (user && type === types.nic) {
        throw new ArmError(400, 'NicInUse', `Network Interface ${record.id} is used by existing resource ${user.by.id}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`);
    }
    return beginAccepted(ctx, {
        record,
        kind,
        description: `DELETE ${record.id}`,
        transient: 'Deleting',
        commit: () => void ctx.core.state.remove(record.id),
    });
}

export function registerNetworkNic(router: Router): void {
    const sub = '/subscriptions/{subscriptionId}';
    const listOf = (type: string, view: (r: ResourceRecord) => JsonObject) => (ctx: Ctx): Reply => {
        if (ctx.params.resourceGroupName !== undefined) {
            requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        } else {
            requireSubscription(ctx, ctx.params.subscriptionId);
        }
        return list(ctx.core.state.ofType(type, ctx.params.subscriptionId, ctx.params.resourceGroupName).map(view));
    };
    const pip = (ctx: Ctx) => (r: ResourceRecord) => pipView(ctx.core.state, r);
    const nic = (ctx: Ctx) => (r: ResourceRecord) => nicView(ctx.core.state, r);
    router.add('GET', `${sub}/providers/Microsoft.Network/publicIPAddresses`, (ctx) => listOf(types.pip, pip(ctx))(ctx));
    router.add('GET', `${rgPath}/providers/Microsoft.Network/publicIPAddresses`, (ctx) => listOf(types.pip, pip(ctx))(ctx));
    router.add('GET', pipPath, (ctx) => ({ status: 200, body: pipView(ctx.core.state, requireResource(ctx, types.pip, ctx.params.publicIpAddressName)) }));
    router.add('PUT', pipPath, putPip);
    router.add('DELETE', pipPath, (ctx) => deleteNetworkResource(ctx, types.pip, ctx.params.publicIpAddressName, 'publicIPAddress'));
    router.add('GET', `${sub}/providers/Microsoft.Network/networkInterfaces`, (ctx) => listOf(types.nic, nic(ctx))(ctx));
    router.add('GET', `${rgPath}/providers/Microsoft.Network/networkInterfaces`, (ctx) => listOf(types.nic, nic(ctx))(ctx));
    router.add('GET', nicPath, (ctx) => ({ status: 200, body: nicView(ctx.core.state, requireResource(ctx, types.nic, ctx.params.networkInterfaceName)) }));
    router.add('PUT', nicPath, putNic);
    router.add('DELETE', nicPath, (ctx) => deleteNetworkResource(ctx, types.nic, ctx.params.networkInterfaceName, 'networkInterface'));
    router.add('GET', `${sub}/providers/Microsoft.Network/locations/{location}/CheckDnsNameAvailability`, (ctx) => {
        requireSubscription(ctx, ctx.params.subscriptionId);
        const label = ctx.url.searchParams.get('domainNameLabel');
        if (!label) {
            throw new ArmError(400, 'MissingRequiredParameter', "The request is missing the required parameter 'domainNameLabel'.");
        }
        return { status: 200, body: { available: !labelOwner(ctx, label, normalizeLocation(ctx.params.location)) } };
    });
}
