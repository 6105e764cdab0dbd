import { isIPv4, isIPv6 } from 'node:net';

/**
 * Asks a lookup service (azureDockerHosts.publicIpLookupUrl) for the caller's public address, the
 * default source of the firewall rules. Undefined when it cannot be found; the user then types one.
 */
export async function lookupPublicIp(url: string, timeoutMs = 5000): Promise<string | undefined> {
    try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) {
            return undefined;
        }
        const text = (await response.text()).trim();
        return isIPv4(text) || isIPv6(text) ? text : undefined;
    } catch {
        return undefined;
    }
}
