import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { isIPv4, isIPv6 } from 'node:net';

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

/**
 * Asks a lookup service (azureDockerHosts.publicIpLookupUrl) for the caller's public address, the
 * default source of the firewall rules. Undefined when it cannot be found; the user then types one.
 */
export async function lookupPublicIp(url: string, timeoutMs = 5000): Promise<string | undefined> {
    try {
        const text = (await getText(url, timeoutMs)).trim();
        return isIPv4(text) || isIPv6(text) ? text : undefined;
    } catch {
        return undefined;
    }
}
