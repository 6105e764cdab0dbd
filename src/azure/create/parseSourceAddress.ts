import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * A firewall source. `any` opens ports to the internet, and a broad `cidr` nearly so: either counts
 * only once the user confirmed it after a warning (see sourceWarning).
 */
export type SourceAddress = { kind: 'cidr'; prefix: string; confirmed?: true } | { kind: 'any'; confirmed?: true };

/** Azure's service tags (and the wildcard) that mean every address; NSGs compare them case-insensitively. */
const anyTags = new Set(['*', 'internet', 'any']);

/**
 * Prefixes shorter than these are warned about like "any". IPv4: shorter than /8 spans several of
 * the largest blocks ever assigned to one organisation. IPv6: shorter than /32 spans more than a
 * regional registry's standard allocation to a whole ISP (RIPE-738, ARIN NRPM 6.5.2), so it covers
 * many unrelated networks rather than one site (a /48) or one LAN (a /64).
 */
const broadBelow = { 4: 8, 6: 32 } as const;

function ipv4Bytes(address: string): number[] {
    return address.split('.').map(Number);
}

/** The 16 bytes of a valid IPv6 address. WHATWG URL canonicalises it first (an IPv4 tail becomes hex groups). */
function ipv6Bytes(address: string): number[] {
    const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
    const [head, tail] = canonical.split('::');
    const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
    const left = groups(head);
    const right = groups(tail);
    const words = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
    return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function formatBytes(bytes: number[]): string {
    if (bytes.length === 4) {
        return bytes.join('.');
    }
    const words = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16));
    return new URL(`http://[${words.join(':')}]/`).hostname.slice(1, -1);
}

/** Clears the bits after `bits`: the network the rule really covers. */
function networkOf(bytes: number[], bits: number): number[] {
    return bytes.map((b, i) => {
        const keep = Math.min(8, Math.max(0, bits - 8 * i));
        return b & ((0xff << (8 - keep)) & 0xff);
    });
}

/** An IPv6 prefix covers all of IPv4 when it contains every IPv4-mapped address (::ffff:0:0/96). */
function coversAllIPv4(network: string, bits: number): boolean {
    const list = new BlockList();
    list.addSubnet(network, bits, 'ipv6');
    return list.check('::ffff:0.0.0.0', 'ipv6') && list.check('::ffff:255.255.255.255', 'ipv6');
}

/**
 * Parses what the user typed into a canonical source, or returns the error message for the prompt.
 * Every spelling of "every address" (any /0, `*`, `Internet`, `Any`, all of IPv4 as mapped IPv6)
 * becomes `{ kind: 'any' }`; an IPv4-mapped IPv6 range becomes the IPv4 range it is; a range with
 * host bits is refused, naming the range the rule would really cover.
 */
export function parseSourceAddress(value: string): SourceAddress | string {
    const text = value.trim();
    if (anyTags.has(text.toLowerCase())) {
        return { kind: 'any' };
    }
    const [address, bits, extra] = text.split('/');
    if (extra !== undefined || !address) {
        return 'Enter an IP address or a CIDR range, such as 203.0.113.7 or 203.0.113.0/24.';
    }
    const v4 = isIPv4(address);
    if (!v4 && !isIPv6(address)) {
        return `"${address}" is not an IP address. Enter one such as 203.0.113.7, or a CIDR range such as 203.0.113.0/24.`;
    }
    const max = v4 ? 32 : 128;
    if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max)) {
        return `The prefix length after "/" must be from 0 to ${max}.`;
    }
    const length = bits === undefined ? max : Number(bits);
    if (length === 0) {
        return { kind: 'any' };
    }
    const bytes = v4 ? ipv4Bytes(address) : ipv6Bytes(address);
    const network = networkOf(bytes, length);
    if (network.some((b, i) => b !== bytes[i])) {
        const really = `${formatBytes(network)}/${length}`;
        return `${text} has host bits set: the rule would cover ${really}. Enter ${really} for that range, or ${address} alone for one address.`;
    }
    if (!v4 && coversAllIPv4(formatBytes(network), length)) {
        return { kind: 'any' };
    }
    const mapped = !v4 && length >= 96 && network.slice(0, 12).join() === '0,0,0,0,0,0,0,0,0,0,255,255';
    if (mapped) {
        return { kind: 'cidr', prefix: `${formatBytes(network.slice(12))}/${length - 96}` };
    }
    return { kind: 'cidr', prefix: `${formatBytes(network)}/${length}` };
}

/**
 * The warning a source needs before it may be used, or undefined. Re-reads a `cidr` prefix, so a
 * plan built without parseSourceAddress (`0.0.0.0/00`, `::0/0`) is judged the same as typed text.
 */
export function sourceWarning(source: SourceAddress, exposed?: string): string | undefined {
    const parsed = source.kind === 'cidr' ? parseSourceAddress(source.prefix) : source;
    if (typeof parsed === 'string') {
        return undefined;
    }
    // The create's own ports: the engine behind them still asks for a client certificate. Any other port may have nothing in front of it.
    const what = exposed ?? 'SSH and the Docker engine';
    const guard = exposed ? 'Whatever listens there must protect itself' : 'The engine still requires a client certificate';
    if (parsed.kind === 'any') {
        return `Allowing any source exposes ${what} to the whole internet. ${guard}, but anyone can try to connect.`;
    }
    const [address, bits] = parsed.prefix.split('/');
    if (Number(bits) < broadBelow[isIPv4(address) ? 4 : 6]) {
        return `${parsed.prefix} is a very broad range: it lets a large part of the internet reach ${what}. ${guard}, but anyone in that range can try to connect.`;
    }
    return undefined;
}

export class UnconfirmedAnySourceError extends Error {}

/**
 * The value an NSG rule's sourceAddressPrefix takes: the canonical prefix, or `*`. Refuses an
 * unconfirmed "any" or broad range in every spelling, and a prefix that is not an address range.
 */
export function nsgSourcePrefix(source: SourceAddress): string {
    const parsed = source.kind === 'cidr' ? parseSourceAddress(source.prefix) : source;
    if (typeof parsed === 'string') {
        throw new Error(`The firewall source ${source.kind === 'cidr' ? source.prefix : ''} is not valid: ${parsed} Nothing was changed.`);
    }
    if (sourceWarning(parsed) !== undefined && !source.confirmed) {
        const what = parsed.kind === 'any' ? 'any address' : parsed.prefix;
        throw new UnconfirmedAnySourceError(`Opening SSH and the Docker port to ${what} needs your explicit confirmation after the warning; nothing was changed.`);
    }
    return parsed.kind === 'any' ? '*' : parsed.prefix;
}
