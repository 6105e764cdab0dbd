/**
 * The emulator's own endpoints under /emulator/ (no authentication; loopback only):
 *   GET    /emulator/public-ip          the caller's "public IP", as text (azureDockerHosts.publicIpLookupUrl)
 *   PUT    /emulator/public-ip          {ip?, down?}: the caller moves to another address, or the lookup goes down (503)
 *   GET    /emulator/inventory          every resource group and resource: [{id,type,tags}]
 *   GET    /emulator/requests           the request log
 *   GET    /emulator/operations         long-running operations and their status
 *   GET    /emulator/faults             fault rules and their hit counts
 *   POST   /emulator/faults             add a rule: {method?, path: "<regex>", flags?, times?, once?, skip?, <action>} -> {id}
 *   DELETE /emulator/faults[/{id}]      remove all rules, or one
 *   POST   /emulator/tokens/revoke?mode=hard|cae, POST /emulator/tokens/expire
 *   GET    /emulator/portal/...         a placeholder for the custom cloud's portalUrl
 */
import type { EmulatorCore } from './core';
import { parseFaultSpec } from './faults';
import type { Reply } from './http';
import type { Json } from './util';

export interface RequestLogEntry {
    method: string;
    /** The URL path, as sent. */
    path: string;
    /** The query string, with its leading "?", or "". */
    query: string;
    /** 0 until answered (and for hung or reset requests). */
    status: number;
    /** The fault that acted on it, if any. */
    fault?: string;
    at: Date;
    /** When the answer was sent; undefined until then. */
    answeredAt?: Date;
}

export function handleControl(core: EmulatorCore, method: string, url: URL, body: Buffer, log: RequestLogEntry[]): Reply {
    const route = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    const json = (value: Json, status = 200): Reply => ({ status, body: value, json: true });
    try {
        if (route === 'GET /emulator/public-ip') {
            return core.publicIpLookupDown ? { status: 503, body: 'lookup unavailable' } : { status: 200, body: core.callerPublicIp };
        }
        if (route === 'PUT /emulator/public-ip') {
            const { ip, down } = JSON.parse(body.toString('utf8') || '{}') as { ip?: string; down?: boolean };
            core.callerPublicIp = ip ?? core.callerPublicIp;
            core.publicIpLookupDown = down ?? core.publicIpLookupDown;
            return { status: 204 };
        }
        if (route === 'GET /emulator/health') {
            return json({ ok: true });
        }
        if (route === 'GET /emulator/inventory') {
            return json(core.state.inventory() as unknown as Json);
        }
        if (route === 'GET /emulator/requests') {
            return json(log.map((e) => ({ ...e, at: e.at.toISOString() })) as unknown as Json);
        }
        if (route === 'GET /emulator/operations') {
            return json(core.ops.all().map((op) => ({
                id: op.id, description: op.description, status: op.status,
                startTime: op.startTime.toISOString(), endTime: op.endTime?.toISOString() ?? null,
                error: op.error ? { code: op.error.code, message: op.error.message } : null,
            })));
        }
        if (route === 'GET /emulator/faults') {
            return json(core.faults.list() as unknown as Json);
        }
        if (route === 'POST /emulator/faults') {
            const handle = core.faults.add(parseFaultSpec(JSON.parse(body.toString('utf8') || '{}')));
            return json({ id: handle.id }, 201);
        }
        if (route === 'DELETE /emulator/faults') {
            core.faults.clear();
            return { status: 204 };
        }
        const one = /^DELETE \/emulator\/faults\/([^/]+)$/.exec(route);
        if (one) {
            return core.faults.remove(one[1]) ? { status: 204 } : json({ error: 'no such fault' }, 404);
        }
        if (route === 'POST /emulator/tokens/revoke') {
            const mode = url.searchParams.get('mode') === 'cae' ? 'cae' : 'hard';
            return json({ revoked: core.tokens.revokeAll(mode) });
        }
        if (route === 'POST /emulator/tokens/expire') {
            core.tokens.expireAll();
            return { status: 204 };
        }
        if (method === 'GET' && url.pathname.startsWith('/emulator/portal')) {
            return { status: 200, body: 'Azure Docker Hosts emulator: there is no portal. Links into it are not followed.' };
        }
        return json({ error: `no such emulator endpoint: ${route}` }, 404);
    } catch (e) {
        return json({ error: e instanceof Error ? e.message : String(e) }, 400);
    }
}
