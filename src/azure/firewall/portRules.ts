/**
 * The host firewall as the extension sees it, without calling Azure: whether a port is open to an
 * address (each NSG in the path evaluated as Azure does), which rules are the extension's own, and
 * the rule Open Port adds.
 */
import type { SecurityRule } from '@azure/arm-network';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { nsgSourcePrefix, parseSourceAddress, type SourceAddress } from '../create/parseSourceAddress';
import { adoptedRuleNames, coversPort, freeAllowPriorities } from '../lifecycle/dockerNsgRules';

export type PortProtocol = 'tcp' | 'udp';

/** One NSG in a host's inbound path (the subnet's and the NIC's). */
export interface FirewallNsg {
    readonly id: string;
    readonly name: string;
    readonly resourceGroup: string;
    /** Created by this extension for this host (it carries the VM's run tag): the only kind it writes to. */
    readonly owned: boolean;
    readonly rules: readonly SecurityRule[];
}

/**
 * How a published port can be reached: open to you (an allow rule matches your current public IP),
 * blocked by the firewall, or forwarded (an SSH forward to localhost is running; set by whoever
 * runs forwards, through PortStateOptions.forwarded).
 */
export type PortState = 'open' | 'blocked' | 'forwarded';

/** The marker in an opened port rule's description: security rules carry no tags, so this is their tag. */
export const openedPortMarker = 'azure-docker-hosts:opened-port';
/** The create's own rule names, in the NSG it creates. */
export const createdRuleNames = { ssh: 'allow-ssh', docker: 'allow-docker-tls' } as const;

export function openedPortRuleName(port: number, protocol: PortProtocol): string {
    return `adh-port-${port}-${protocol}`;
}

/** A rule Open Port made: both its name and its marker say so. */
export function isOpenedPortRule(rule: SecurityRule): boolean {
    return /^adh-port-\d{1,5}-(tcp|udp)$/.test(rule.name ?? '') && (rule.description ?? '').includes(openedPortMarker);
}

/** Every rule whose source Update Firewall moves: SSH and Docker TLS (as created or adopted) and opened ports. */
export function isExtensionRule(rule: SecurityRule): boolean {
    const names: string[] = [...Object.values(createdRuleNames), ...Object.values(adoptedRuleNames)];
    return (names.includes(rule.name ?? '') && rule.access === 'Allow') || isOpenedPortRule(rule);
}

/** A port number as typed, or why it is refused. */
export function parsePort(text: string): number | string {
    const value = text.trim();
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
        return `"${value}" is not a port: enter a whole number from 1 to 65535.`;
    }
    return Number(value);
}

function inbound(rules: readonly SecurityRule[]): SecurityRule[] {
    return rules.filter((r) => (r.direction ?? 'Inbound') === 'Inbound' && typeof r.priority === 'number').sort((a, b) => a.priority! - b.priority!);
}

function sourceHolds(prefix: string, ip: string): boolean {
    const text = prefix.trim().toLowerCase();
    if (text === '*' || text === 'internet' || text === 'any') {
        return true;
    }
    const [address, bits] = prefix.split('/');
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    if (!family || (family === 'ipv4') !== isIPv4(ip)) {
        return false; // other service tags (VirtualNetwork, AzureLoadBalancer) hold no internet address
    }
    const block = new BlockList();
    block.addSubnet(address, bits === undefined ? (family === 'ipv4' ? 32 : 128) : Number(bits), family);
    return block.check(ip, family);
}

/** The sources a rule names. */
export function ruleSources(rule: SecurityRule): string[] {
    return [rule.sourceAddressPrefix, ...(rule.sourceAddressPrefixes ?? [])].filter((s): s is string => !!s);
}

function matches(rule: SecurityRule, ip: string, port: number, protocol: PortProtocol): boolean {
    const p = (rule.protocol ?? '*').toLowerCase();
    return (p === '*' || p === protocol) && ruleSources(rule).some((s) => sourceHolds(s, ip)) && coversPort(rule, port);
}

/** Whether one NSG lets `ip` reach `port`: its first matching inbound rule by priority; none (the defaults) denies. */
function nsgAdmits(nsg: FirewallNsg, ip: string, port: number, protocol: PortProtocol): boolean {
    return inbound(nsg.rules).find((r) => matches(r, ip, port, protocol))?.access === 'Allow';
}

/** Whether every NSG in the path admits `ip` on the port; a path with no NSG is closed (a Standard public IP). */
export function isOpenTo(nsgs: readonly FirewallNsg[], ip: string, port: number, protocol: PortProtocol): boolean {
    return nsgs.length > 0 && nsgs.every((nsg) => nsgAdmits(nsg, ip, port, protocol));
}

export interface PortStateOptions {
    /** The SSH helper's hook: true when a forward to localhost carries this port. */
    readonly forwarded?: (port: number, protocol: PortProtocol) => boolean;
}

/** The state of a published port for someone at `ip` (undefined when that address is not known). */
export function portState(nsgs: readonly FirewallNsg[], ip: string | undefined, port: number, protocol: PortProtocol, options: PortStateOptions = {}): PortState {
    if (options.forwarded?.(port, protocol)) {
        return 'forwarded';
    }
    return ip !== undefined && isOpenTo(nsgs, ip, port, protocol) ? 'open' : 'blocked';
}

/** The ports the extension's own allow rules open, by port, for the host's tooltip: "22/tcp from 203.0.113.7/32". */
export function openPortsSummary(nsgs: readonly FirewallNsg[]): string[] {
    const rules = nsgs.flatMap((nsg) => nsg.rules.filter((r) => r.access === 'Allow' && isExtensionRule(r)));
    const ports = (r: SecurityRule) => [r.destinationPortRange, ...(r.destinationPortRanges ?? [])].filter(Boolean).join(',');
    return rules.sort((a, b) => parseInt(ports(a), 10) - parseInt(ports(b), 10))
        .map((r) => `${ports(r)}/${(r.protocol ?? '*').toLowerCase()} from ${ruleSources(r).join(', ')}`);
}

export interface OpenPortRequest {
    readonly port: number;
    readonly protocol: PortProtocol;
    readonly source: SourceAddress;
}

/**
 * The rule Open Port adds to `nsg`, or why it must not: a port outside 1–65535, a port an allow rule
 * already opens to that source, a rule of that name that is not ours. Its priority is one no inbound
 * rule of the NSG uses, below every Deny rule where there is room.
 */
export function planOpenPort(nsg: FirewallNsg, request: OpenPortRequest): SecurityRule | string {
    if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535) {
        return `Port ${request.port} is outside 1–65535. Nothing was changed.`;
    }
    const prefix = nsgSourcePrefix(request.source);
    const name = openedPortRuleName(request.port, request.protocol);
    const sameName = nsg.rules.find((r) => r.name?.toLowerCase() === name);
    if (sameName && !isOpenedPortRule(sameName)) {
        return `The network security group ${nsg.name} already has a rule named ${name} that Azure Docker Hosts did not make. Rename or remove it, then try again. Nothing was changed.`;
    }
    // The NSG's own verdict for that source (a range is judged by its first address).
    const probe = prefix === '*' ? '0.0.0.1' : prefix.split('/')[0];
    const deciding = inbound(nsg.rules).find((r) => matches(r, probe, request.port, request.protocol));
    if (deciding?.access === 'Allow' && (prefix !== '*' || ruleSources(deciding).some((s) => sourceHolds(s, '0.0.0.1') && sourceHolds(s, '255.255.255.254')))) {
        return `Port ${request.port}/${request.protocol} is already open to ${prefix} (rule ${deciding.name ?? ''}). Nothing was changed.`;
    }
    const others = inbound(nsg.rules).filter((r) => r.name?.toLowerCase() !== name);
    const [priority] = sameName?.priority !== undefined ? [sameName.priority] : freeAllowPriorities(others, 1);
    return {
        name,
        protocol: request.protocol === 'tcp' ? 'Tcp' : 'Udp',
        sourcePortRange: '*',
        destinationPortRange: String(request.port),
        sourceAddressPrefix: prefix,
        destinationAddressPrefix: '*',
        access: 'Allow',
        priority,
        direction: 'Inbound',
        description: `Opened by Azure Docker Hosts (${openedPortMarker})`,
    };
}

/** One rule whose source Update Firewall replaces. */
export interface SourceChange {
    readonly nsg: FirewallNsg;
    readonly rule: SecurityRule;
    readonly from: string;
    readonly to: string;
}

/** The extension's rules in the NSGs it owns whose source is not already `to`. */
export function planSourceUpdate(nsgs: readonly FirewallNsg[], to: string): SourceChange[] {
    return nsgs.filter((n) => n.owned).flatMap((nsg) => nsg.rules.filter((r) => isExtensionRule(r))
        .filter((r) => ruleSources(r).join(',') !== to)
        .map((rule) => ({ nsg, rule, from: ruleSources(rule).join(', ') || '*', to })));
}

/**
 * Whether the extension's rules name other sources than the user's current IP (the user moved
 * networks): they exist, and none of them admits `myIp`.
 */
export function rulesFromAnotherIp(nsgs: readonly FirewallNsg[], myIp: string | undefined): boolean {
    const ours = nsgs.filter((n) => n.owned).flatMap((n) => n.rules.filter(isExtensionRule));
    return myIp !== undefined && ours.length > 0 && !ours.some((r) => ruleSources(r).some((s) => sourceHolds(s, myIp)));
}

/** The user's current IP (what the lookup answered) as a firewall source; a lookup that found none is a clear error. */
export function currentIpSource(ip: string | undefined): SourceAddress {
    const source = ip ? parseSourceAddress(ip) : undefined;
    if (!source || typeof source === 'string') {
        throw new Error('Your public IP address could not be found (azureDockerHosts.publicIpLookupUrl did not answer with one). Check your connection or that setting, then try again. Nothing was changed.');
    }
    return source;
}
