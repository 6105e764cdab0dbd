/**
 * A bare HTTPS client for tests that must see the emulator's raw responses (status, headers,
 * exact JSON), such as the contract test. It trusts the emulator's CA per request.
 */
import * as https from 'node:https';
import type { Emulator } from './server';
import type { Json } from './util';

export interface RawResponse {
    status: number;
    headers: Record<string, string>;
    /** Parsed JSON, the text when it is not JSON, or undefined when empty. */
    body: Json | undefined;
}

export function rawRequest(emu: Emulator, method: string, pathOrUrl: string, opts: { body?: unknown; form?: URLSearchParams; token?: string } = {}): Promise<RawResponse> {
    const url = new URL(pathOrUrl, emu.url);
    const headers: Record<string, string> = { accept: 'application/json' };
    let payload: Buffer | undefined;
    if (opts.form) {
        payload = Buffer.from(opts.form.toString());
        headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (opts.body !== undefined) {
        payload = Buffer.from(JSON.stringify(opts.body));
        headers['content-type'] = 'application/json';
    }
    if (opts.token) {
        headers.authorization = `Bearer ${opts.token}`;
    }
    return new Promise((resolve, reject) => {
        const req = https.request(url, { method, headers, ca: emu.caPem }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let body: Json | undefined;
                if (text) {
                    try {
                        body = JSON.parse(text) as Json;
                    } catch {
                        body = text;
                    }
                }
                const flat: Record<string, string> = {};
                for (const [k, v] of Object.entries(res.headers)) {
                    if (v !== undefined) {
                        flat[k] = Array.isArray(v) ? v.join(', ') : v;
                    }
                }
                resolve({ status: res.statusCode ?? 0, headers: flat, body });
            });
        });
        req.on('error', reject);
        req.end(payload);
    });
}

/** A token for the emulator's own audience, through the token endpoint. */
export async function rawToken(emu: Emulator, scope = `${emu.url}/.default`): Promise<string> {
    const res = await rawRequest(emu, 'POST', `/${emu.tenantId}/oauth2/v2.0/token`, {
        form: new URLSearchParams({ grant_type: 'client_credentials', client_id: emu.clientId, client_secret: emu.clientSecret, scope }),
    });
    const body = res.body as { access_token?: string } | undefined;
    if (res.status !== 200 || !body?.access_token) {
        throw new Error(`token request failed: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return body.access_token;
}

/** Polls an Azure-AsyncOperation URL until its status is terminal; returns the last body. */
export async function rawWaitForOperation(emu: Emulator, token: string, asyncOperationUrl: string, timeoutMs = 30000): Promise<Json | undefined> {
    const end = Date.now() + timeoutMs;
    for (;;) {
        const res = await rawRequest(emu, 'GET', asyncOperationUrl, { token });
        const status = (res.body as { status?: string } | undefined)?.status;
        if (status && status !== 'InProgress') {
            return res.body;
        }
        if (Date.now() > end) {
            throw new Error(`operation still ${status ?? res.status} after ${timeoutMs} ms`);
        }
        await new Promise((r) => setTimeout(r, 10));
    }
}
