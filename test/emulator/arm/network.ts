/**
 * Microsoft.Network virtual networks (with inline subnets), subnets, network security groups (with
 * inline security rules) and security rules. Child resources are records of their own; a vnet PUT
 * replaces its subnet list exactly as ARM does (a PUT without `subnets` deletes them, and fails
 * with InUseSubnetCannotBeDeleted if one is in use). Public IPs and NICs: networkNic.ts.
 */
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord } from '../state';
import { resourceId, types } from '../state';
import type { JsonObject } from '../util';
import { arr, guid, obj, str } from '../util';
import {
    beginAccepted, beginPut, beginTopLevelPut, bodyObject, ensureNotBusy, list, newEtag, propertiesOf, refId,
    requireResource, requireResourceGroup,
} from './common';
import { contains, overlaps, parseCidr } from './cidr';
import type { Cidr } from './cidr';
import { ArmError, armErrors } from './errors';
import { nsgView, securityRuleView, subnetView, vnetView } from './networkViews';
import type { Router } from './router';

const rgPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';
const vnetPath = `${rgPath}/providers/Microsoft.Network/virtualNetworks/{virtualNetworkName}`;
const nsgPath = `${rgPath}/providers/Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}`;

export function childRecord(parent: ResourceRecord, type: string, segment: string, name: string, properties: JsonObject): ResourceRecord {
    return {
        id: `${parent.id}/${segment}/${name}`,
        name,
        type,
        subscriptionId: parent.subscriptionId,
        resourceGroup: parent.resourceGroup,
        location: '',
        tags: {},
        properties,
        etag: newEtag(),
        createdAt: new Date(),
    };
}

/** A reference to an existing, provisioned resource of `type` in `location`, as its canonical id. */
export function checkRef(ctx: Ctx, ref: string, type: string, by: string, location?: string): string {
    const target = ctx.core.state.get(ref);
    const targetLocation = target?.location || (target ? ctx.core.state.get(target.id.split('/').slice(0, 9).join('/'))?.location : undefined);
    if (!target || target.type !== type || (location !== undefined && targetLocation !== location)) {
        throw armErrors.invalidResourceReference(ref, by);
    }
    const state = String(target.properties.provisioningState ?? 'Succeeded');
    if (state !== 'Succeeded') {
        throw armErrors.referencedNotProvisioned(target.id, by, state);
    }
    return target.id;
}

function inUseSubnet(ctx: Ctx, subnet: ResourceRecord): ArmError | undefined {
    const user = ctx.core.state.referrers(subnet.id)[0];
    return user
        ? new ArmError(400, 'InUseSubnetCannotBeDeleted',
            `Subnet ${subnet.name} is in use by ${user.by.id} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`)
        : undefined;
}

function addressSpace(vnetProperties: JsonObject): Cidr[] {
    return arr(obj(vnetProperties.addressSpace)?.addressPrefixes)
        .map((p) => parseCidr(str(p) ?? ''))
        .filter((c): c is Cidr => c !== undefined);
}

/** Validates one subnet's properties against the vnet's space and its siblings; returns what to store. */
function subnetProperties(
    ctx: Ctx, vnetName: string, space: Cidr[], subnetId: string, input: JsonObject, siblings: { name: string; cidr: Cidr }[],
): { stored: JsonObject; cidr: Cidr } {
    const prefix = str(input.addressPrefix) ?? str(arr(input.addressPrefixes)[0]);
    const cidr = prefix ? parseCidr(prefix) : undefined;
    const name = subnetId.split('/').pop() ?? '';
    if (!prefix || !cidr) {
        throw new ArmError(400, 'InvalidAddressPrefixFormat', `Address prefix ${prefix ?? '(none)'} of resource ${subnetId} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.`);
    }
    if (!space.some((s) => contains(s, cidr))) {
        throw new ArmError(400, 'NetcfgSubnetRangeOutsideVnet', `Subnet '${name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`);
    }
    const clash = siblings.find((s) => s.name.toLowerCase() !== name.toLowerCase() && overlaps(s.cidr, cidr));
    if (clash) {
        throw new ArmError(400, 'NetcfgSubnetRangesOverlap', `Subnet '${name}' is not valid because its IP address range overlaps with that of an existing subnet '${clash.name}' in virtual network '${vnetName}'.`);
    }
    const stored: JsonObject = { addressPrefix: prefix };
    const nsg = refId(input.networkSecurityGroup);
    if (nsg) {
        stored.networkSecurityGroup = { id: checkRef(ctx, nsg, types.nsg, subnetId) };
    }
    stored.delegations = arr(input.delegations);
    stored.privateEndpointNetworkPolicies = str(input.privateEndpointNetworkPolicies) ?? 'Disabled';
    stored.privateLinkServiceNetworkPolicies = str(input.privateLinkServiceNetworkPolicies) ?? 'Enabled';
    return { stored, cidr };
}

function putVnet(ctx: Ctx): Reply {
    const name = ctx.params.virtualNetworkName;
    const { state, id, existing, props, store } = beginTopLevelPut(ctx, types.vnet, name);
    const space = addressSpace(props);
    if (space.length === 0) {
        throw new ArmError(400, 'InvalidAddressPrefixFormat', `The virtual network ${id} must have an address space with at least one valid CIDR address prefix.`);
    }
    const wanted: { name: string; input: JsonObject }[] = arr(props.subnets).map((s) => ({
        name: str(obj(s)?.name) ?? '',
        input: obj(obj(s)?.properties) ?? {},
    }));
    const validated: { name: string; stored: JsonObject; cidr: Cidr }[] = [];
    for (const w of wanted) {
        if (!w.name) {
            throw new ArmError(400, 'InvalidRequestFormat', 'Cannot parse the request: every subnet needs a name.');
        }
        const r = subnetProperties(ctx, name, space, `${id}/subnets/${w.name}`, w.input, validated);
        validated.push({ name: w.name, ...r });
    }
    const current = existing ? state.children(existing.id, types.subnet) : [];
    const removed = current.filter((s) => !validated.some((v) => v.name.toLowerCase() === s.name.toLowerCase()));
    for (const s of removed) {
        const err = inUseSubnet(ctx, s);
        if (err) {
            throw err;
        }
    }
    delete props.subnets;
    delete props.provisioningState;
    props.resourceGuid = str(existing?.properties.resourceGuid) ?? guid();
    props.privateEndpointVNetPolicies ??= 'Disabled';
    const record = store(props);
    for (const s of removed) {
        state.remove(s.id);
    }
    for (const v of validated) {
        const prior = current.find((s) => s.name.toLowerCase() === v.name.toLowerCase());
        if (prior) {
            prior.properties = { ...v.stored, provisioningState: prior.properties.provisioningState ?? 'Succeeded' };
            prior.etag = newEtag();
        } else {
            state.put(childRecord(record, types.subnet, 'subnets', v.name, v.stored));
        }
    }
    return beginPut(ctx, {
        record,
        created: !existing,
        kind: 'virtualNetwork',
        view: () => vnetView(state, record),
        followers: () => state.children(record.id, types.subnet),
    });
}

function requireVnet(ctx: Ctx): ResourceRecord {
    const { subscriptionId, resourceGroupName, virtualNetworkName } = ctx.params;
    requireResourceGroup(ctx, subscriptionId, resourceGroupName, ctx.method !== 'GET');
    const vnet = ctx.core.state.get(resourceId(subscriptionId, resourceGroupName, types.vnet, virtualNetworkName));
    if (!vnet) {
        throw armErrors.parentResourceNotFound(types.vnet, virtualNetworkName);
    }
    return vnet;
}

function putSubnet(ctx: Ctx): Reply {
    const vnet = requireVnet(ctx);
    ensureNotBusy(vnet);
    const state = ctx.core.state;
    const name = ctx.params.subnetName;
    const id = `${vnet.id}/subnets/${name}`;
    const existing = state.get(id);
    ensureNotBusy(existing);
    const siblings = state.children(vnet.id, types.subnet)
        .map((s) => ({ name: s.name, cidr: parseCidr(str(s.properties.addressPrefix) ?? '') }))
        .filter((s): s is { name: string; cidr: Cidr } => s.cidr !== undefined);
    const { stored } = subnetProperties(ctx, vnet.name, addressSpace(vnet.properties), id, propertiesOf(bodyObject(ctx)), siblings);
    const record = existing ?? childRecord(vnet, types.subnet, 'subnets', name, {});
    record.properties = stored;
    record.etag = newEtag();
    state.put(record);
    return beginPut(ctx, { record, created: !existing, kind: 'virtualNetwork', view: () => subnetView(state, record) });
}

function deleteChildOrTop(ctx: Ctx, record: ResourceRecord | undefined, kind: 'virtualNetwork' | 'networkSecurityGroup', check?: () => ArmError | undefined): Reply {
    if (!record) {
        return { status: 204 };
    }
    ensureNotBusy(record);
    const err = check?.();
    if (err) {
        throw err;
    }
    return beginAccepted(ctx, {
        record,
        kind,
        description: `DELETE ${record.id}`,
        transient: 'Deleting',
        commit: () => void ctx.core.state.remove(record.id),
    });
}

function ruleProperties(input: JsonObject, ruleId: string): JsonObject {
    const priority = input.priority;
    if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 100 || priority > 4096) {
        throw new ArmError(400, 'SecurityRuleInvalidPriority', `Security rule ${ruleId} has invalid Priority. Value provided: ${String(priority)} Allowed range 100-4096.`);
    }
    const stored: JsonObject = structuredClone(input);
    delete stored.provisioningState;
    for (const list of ['sourceAddressPrefixes', 'destinationAddressPrefixes', 'sourcePortRanges', 'destinationPortRanges']) {
        stored[list] ??= [];
    }
    return stored;
}

function putNsg(ctx: Ctx): Reply {
    const name = ctx.params.networkSecurityGroupName;
    const { state, id, existing, props, store } = beginTopLevelPut(ctx, types.nsg, name);
    const rules = arr(props.securityRules).map((r) => {
        const ruleName = str(obj(r)?.name) ?? '';
        return { name: ruleName, stored: ruleProperties(obj(obj(r)?.properties) ?? {}, `${id}/securityRules/${ruleName}`) };
    });
    delete props.securityRules;
    delete props.defaultSecurityRules;
    delete props.provisioningState;
    props.resourceGuid = str(existing?.properties.resourceGuid) ?? guid();
    const record = store(props);
    for (const old of state.children(id, types.securityRule)) {
        state.remove(old.id);
    }
    for (const r of rules) {
        state.put(childRecord(record, types.securityRule, 'securityRules', r.name, r.stored));
    }
    return beginPut(ctx, {
        record,
        created: !existing,
        kind: 'networkSecurityGroup',
        view: () => nsgView(state, record),
        followers: () => state.children(record.id, types.securityRule),
    });
}

function requireNsg(ctx: Ctx): ResourceRecord {
    const { subscriptionId, resourceGroupName, networkSecurityGroupName } = ctx.params;
    requireResourceGroup(ctx, subscriptionId, resourceGroupName, ctx.method !== 'GET');
    const nsg = ctx.core.state.get(resourceId(subscriptionId, resourceGroupName, types.nsg, networkSecurityGroupName));
    if (!nsg) {
        throw armErrors.parentResourceNotFound(types.nsg, networkSecurityGroupName);
    }
    return nsg;
}

function putRule(ctx: Ctx): Reply {
    const nsg = requireNsg(ctx);
    ensureNotBusy(nsg);
    const state = ctx.core.state;
    const id = `${nsg.id}/securityRules/${ctx.params.securityRuleName}`;
    const existing = state.get(id);
    ensureNotBusy(existing);
    const properties = ruleProperties(propertiesOf(bodyObject(ctx)), id);
    const direction = (p: JsonObject) => (str(p.direction) ?? 'Inbound').toLowerCase();
    const clash = state.children(nsg.id, types.securityRule)
        .find((r) => r.id.toLowerCase() !== id.toLowerCase() && r.properties.priority === properties.priority && direction(r.properties) === direction(properties));
    if (clash) {
        throw new ArmError(400, 'SecurityRuleConflict', `Security rule ${ctx.params.securityRuleName} conflicts with rule ${clash.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`);
    }
    const record = existing ?? childRecord(nsg, types.securityRule, 'securityRules', ctx.params.securityRuleName, {});
    record.properties = properties;
    record.etag = newEtag();
    state.put(record);
    return beginPut(ctx, { record, created: !existing, kind: 'networkSecurityGroup', view: () => securityRuleView(record) });
}

export function registerNetwork(router: Router): void {
    const sub = '/subscriptions/{subscriptionId}';
    const state = (ctx: Ctx) => ctx.core.state;
    router.add('GET', `${sub}/providers/Microsoft.Network/virtualNetworks`, (ctx) =>
        list(state(ctx).ofType(types.vnet, ctx.params.subscriptionId).map((v) => vnetView(state(ctx), v))));
    router.add('GET', `${rgPath}/providers/Microsoft.Network/virtualNetworks`, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        return list(state(ctx).ofType(types.vnet, ctx.params.subscriptionId, ctx.params.resourceGroupName).map((v) => vnetView(state(ctx), v)));
    });
    router.add('GET', vnetPath, (ctx) => ({ status: 200, body: vnetView(state(ctx), requireResource(ctx, types.vnet, ctx.params.virtualNetworkName)) }));
    router.add('PUT', vnetPath, putVnet);
    router.add('DELETE', vnetPath, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
        const vnet = state(ctx).get(resourceId(ctx.params.subscriptionId, ctx.params.resourceGroupName, types.vnet, ctx.params.virtualNetworkName));
        return deleteChildOrTop(ctx, vnet, 'virtualNetwork', () => vnet
            ? state(ctx).children(vnet.id, types.subnet).map((s) => inUseSubnet(ctx, s)).find((e) => e)
            : undefined);
    });
    router.add('GET', `${vnetPath}/subnets`, (ctx) => list(state(ctx).children(requireVnet(ctx).id, types.subnet).map((s) => subnetView(state(ctx), s))));
    router.add('GET', `${vnetPath}/subnets/{subnetName}`, (ctx) =>
        ({ status: 200, body: subnetView(state(ctx), requireResource(ctx, types.subnet, ctx.params.virtualNetworkName, ctx.params.subnetName)) }));
    router.add('PUT', `${vnetPath}/subnets/{subnetName}`, putSubnet);
    router.add('DELETE', `${vnetPath}/subnets/{subnetName}`, (ctx) => {
        const vnet = requireVnet(ctx);
        const subnet = state(ctx).get(`${vnet.id}/subnets/${ctx.params.subnetName}`);
        return deleteChildOrTop(ctx, subnet, 'virtualNetwork', () => (subnet ? inUseSubnet(ctx, subnet) : undefined));
    });

    router.add('GET', `${sub}/providers/Microsoft.Network/networkSecurityGroups`, (ctx) =>
        list(state(ctx).ofType(types.nsg, ctx.params.subscriptionId).map((n) => nsgView(state(ctx), n))));
    router.add('GET', `${rgPath}/providers/Microsoft.Network/networkSecurityGroups`, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        return list(state(ctx).ofType(types.nsg, ctx.params.subscriptionId, ctx.params.resourceGroupName).map((n) => nsgView(state(ctx), n)));
    });
    router.add('GET', nsgPath, (ctx) => ({ status: 200, body: nsgView(state(ctx), requireResource(ctx, types.nsg, ctx.params.networkSecurityGroupName)) }));
    router.add('PUT', nsgPath, putNsg);
    router.add('DELETE', nsgPath, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
        const nsg = state(ctx).get(resourceId(ctx.params.subscriptionId, ctx.params.resourceGroupName, types.nsg, ctx.params.networkSecurityGroupName));
        return deleteChildOrTop(ctx, nsg, 'networkSecurityGroup', () => {
            const users = nsg ? state(ctx).referrers(nsg.id) : [];
            return users.length
                ? new ArmError(400, 'InUseNetworkSecurityGroupCannotBeDeleted',
                    `Network security group ${nsg?.id ?? ''} cannot be deleted because it is in use by the following resources: ${users.map((u) => u.by.id).join(', ')}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`)
                : undefined;
        });
    });
    router.add('GET', `${nsgPath}/securityRules`, (ctx) => list(state(ctx).children(requireNsg(ctx).id, types.securityRule).map(securityRuleView)));
    router.add('GET', `${nsgPath}/securityRules/{securityRuleName}`, (ctx) =>
        ({ status: 200, body: securityRuleView(requireResource(ctx, types.securityRule, ctx.params.networkSecurityGroupName, ctx.params.securityRuleName)) }));
    router.add('PUT', `${nsgPath}/securityRules/{securityRuleName}`, putRule);
    router.add('DELETE', `${nsgPath}/securityRules/{securityRuleName}`, (ctx) => {
        const nsg = requireNsg(ctx);
        return deleteChildOrTop(ctx, state(ctx).get(`${nsg.id}/securityRules/${ctx.params.securityRuleName}`), 'networkSecurityGroup');
    });
}
