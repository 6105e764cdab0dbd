import { isIPv4, isIPv6 } from 'node:net';

/** A firewall source. `any` opens ports to the internet and counts only once the user confirmed it after a warning. */
export type SourceAddress = { kind: 'cidr'; prefix: string } | { kind: 'any'; confirmed?: true };

/** Parses what the user typed into a source address, or returns the error message for the prompt. */
export function parseSourceAddress(value: string): SourceAddress | string {
    const text = value.trim();
    if (text === '*' || text === '0.0.0.0/0' || text === '::/0' || text.toLowerCase() === 'internet' || text.toLowerCase() === 'any') {
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
    if (bits === undefined) {
        return { kind: 'cidr', prefix: `${address}/${max}` };
    }
    if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
        return `The prefix length after "/" must be from 0 to ${max}.`;
    }
    return { kind: 'cidr', prefix: `${address}/${Number(bits)}` };
}

export class UnconfirmedAnySourceError extends Error {}

/** The value an NSG rule's sourceAddressPrefix takes; refuses an unconfirmed `any`. */
export function nsgSourcePrefix(source: SourceAddress): string {
    if (source.kind === 'any' && !source.confirmed) {
        throw new UnconfirmedAnySourceError('Opening SSH and the Docker port to any address needs your explicit confirmation after the warning; nothing was changed.');
    }
    return source.kind === 'any' ? '*' : source.prefix;
}
