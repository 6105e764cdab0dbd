/** IPv4 CIDR arithmetic for subnets and private addresses. */

export interface Cidr { base: number; bits: number }

export function parseCidr(text: string): Cidr | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
    if (!m) {
        return undefined;
    }
    const octets = m.slice(1, 5).map(Number);
    const bits = Number(m[5]);
    if (octets.some((o) => o > 255) || bits > 32) {
        return undefined;
    }
    const addr = ((octets[0] << 24) >>> 0) + (octets[1] << 16) + (octets[2] << 8) + octets[3];
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return { base: (addr & mask) >>> 0, bits };
}

function size(c: Cidr): number {
    return 2 ** (32 - c.bits);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.bits >= outer.bits && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.base < b.base + size(b) && b.base < a.base + size(a);
}

export function formatIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');
}

/** The first free host address, Azure-style: the first four addresses and the last are reserved. */
export function nextFreeAddress(subnet: Cidr, used: Set<string>): string | undefined {
    for (let offset = 4; offset < size(subnet) - 1; offset++) {
        const ip = formatIp(subnet.base + offset);
        if (!used.has(ip)) {
            return ip;
        }
    }
    return undefined;
}
