import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

function getText(url: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
        // node:https rather than fetch: it honours NODE_EXTRA_CA_CERTS and VS Code's proxy support alike.
        const get = url.startsWith('https:') ? httpsGet : httpGet;
        const req = get(url, { timeout: timeoutMs }, (res) => {
            if (res.statusCode !== 200) {
                res.resume();
                reject(new Error(`HTTP ${res.statusCode}`));
                return;
            }
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 1000)));
            res.on('end', () => resolve(body));
        });
        req.on('timeout', () => req.destroy(new Error('timed out')));
        req.on('error', reject);
    });
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * The lookup URL, or why it is refused. Its answer becomes the firewall source, so it must come over
 * https (an http answer could be rewritten on the way); plain http only to this machine's loopback.
 */
export function checkLookupUrl(url: string): URL | string {
    let parsed: URL;
    try {
        parsed = new URL(url);
    } catch {
        return `azureDockerHosts.publicIpLookupUrl "${url}" is not a URL. Use an https: address such as https://api.ipify.org.`;
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const isLoopback = host === 'localhost' || (isIPv4(host) && loopback.check(host, 'ipv4')) || (isIPv6(host) && loopback.check(host, 'ipv6'));
    if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopback)) {
        return parsed;
    }
    return `azureDockerHosts.publicIpLookupUrl must be an https: address (plain http: only to this machine's loopback), because its answer decides who may reach the new host; "${url}" is not.`;
}

/** Thrown for a lookup URL that checkLookupUrl refuses. */
export class LookupUrlError extends Error {}

/**
 * Asks a lookup service (azureDockerHosts.publicIpLookupUrl) for the caller's public address, the
 * default source of the firewall rules. Undefined when it cannot be found; the user then types one.
 * Rejects with LookupUrlError, without any request, for a URL checkLookupUrl refuses.
 */
export async function lookupPublicIp(url: string, timeoutMs = 5000): Promise<string | undefined> {
    const checked = checkLookupUrl(url);
    if (typeof checked === 'string') {
        throw new LookupUrlError(checked);
    }
    try {
        const text = (await getText(url, timeoutMs)).trim();
        return isIPv4(text) || isIPv6(text) ? text : undefined;
    } catch {
        return undefined;
    }
}
