/**
 * Whether Azure would let a packet from the internet reach a VM's port: the subnet's NSG, then the
 * NIC's NSG, each evaluated as Azure does (inbound rules by priority, the first match decides, the
 * default rules last). Both must allow. A NIC with neither NSG is closed, as a Standard public IP is
 * ("secure by default").
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { ArmState, ResourceRecord } from '../state';
import { types } from '../state';
import { arr, obj, str, type JsonObject } from '../util';
import { refId } from './common';

export interface InboundPacket {
    readonly sourceIp: string;
    readonly port: number;
    readonly protocol: 'Tcp' | 'Udp';
}

/** The default inbound rules every NSG ends with; none of them admits an internet source. */
const defaultInbound: JsonObject[] = [
    { priority: 65000, access: 'Allow', protocol: '*', sourceAddressPrefix: 'VirtualNetwork', destinationPortRange: '*' },
    { priority: 65001, access: 'Allow', protocol: '*', sourceAddressPrefix: 'AzureLoadBalancer', destinationPortRange: '*' },
    { priority: 65500, access: 'Deny', protocol: '*', sourceAddressPrefix: '*', destinationPortRange: '*' },
];

function list(rule: JsonObject, one: string, many: string): string[] {
    return [str(rule[one]), ...arr(rule[many]).map((v) => str(v))].filter((v): v is string => !!v);
}

function sourceMatches(prefix: string, ip: string): boolean {
    const p = prefix.trim().toLowerCase();
    if (p === '*' || p === 'internet' || p === 'any') {
        return true;
    }
    const [address, bits] = prefix.split('/');
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family || (family === 'ipv4') !== isIPv4(ip)) {
        return false; // a service tag other than Internet (VirtualNetwork, AzureLoadBalancer...) never holds an internet address
    }
    const block = new BlockList();
    block.addSubnet(address, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
    return block.check(ip, family);
}

function portMatches(range: string, port: number): boolean {
    if (range.trim() === '*') {
        return true;
    }
    const [low, high = low] = range.split('-').map((p) => Number(p.trim()));
    return port >= low && port <= high;
}

function ruleMatches(rule: JsonObject, packet: InboundPacket): boolean {
    const protocol = (str(rule.protocol) ?? '*').toLowerCase();
    return (protocol === '*' || protocol === packet.protocol.toLowerCase())
        && list(rule, 'sourceAddressPrefix', 'sourceAddressPrefixes').some((p) => sourceMatches(p, packet.sourceIp))
        && list(rule, 'destinationPortRange', 'destinationPortRanges').some((r) => portMatches(r, packet.port));
}

/** One NSG's verdict: its inbound rules by priority, then the defaults. */
export function nsgAllows(state: ArmState, nsg: ResourceRecord, packet: InboundPacket): boolean {
    const rules = state.children(nsg.id, types.securityRule).map((r) => r.properties)
        .filter((r) => (str(r.direction) ?? 'Inbound').toLowerCase() === 'inbound')
        .sort((a, b) => Number(a.priority) - Number(b.priority));
    const first = [...rules, ...defaultInbound].find((r) => ruleMatches(r, packet));
    return str(first?.access)?.toLowerCase() === 'allow';
}

/** The NSGs in a VM's inbound path (subnet's, then its primary NIC's), or undefined when the VM has no NIC. */
export function inboundNsgs(state: ArmState, vm: ResourceRecord): ResourceRecord[] | undefined {
    const nics = arr(obj(vm.properties.networkProfile)?.networkInterfaces);
    const primary = nics.find((n) => obj(obj(n)?.properties)?.primary === true) ?? nics[0];
    const nic = state.get(refId(primary) ?? '');
    if (!nic) {
        return undefined;
    }
    const subnets = arr(nic.properties.ipConfigurations).map((c) => state.get(refId(obj(obj(c)?.properties)?.subnet) ?? ''));
    const ids = [...subnets.map((s) => refId(s?.properties.networkSecurityGroup)), refId(nic.properties.networkSecurityGroup)];
    return ids.map((id) => (id ? state.get(id) : undefined)).filter((n): n is ResourceRecord => n !== undefined);
}

/** Whether a packet from the internet reaches the VM (by id, any case); false for a VM that is gone. */
export function inboundAllowed(state: ArmState, vmId: string, packet: InboundPacket): boolean {
    const vm = state.get(vmId);
    const nsgs = vm ? inboundNsgs(state, vm) : undefined;
    return !!nsgs?.length && nsgs.every((nsg) => nsgAllows(state, nsg, packet));
}
