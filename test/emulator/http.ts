/** HTTP plumbing: request bodies, replies, and the headers every ARM response carries. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Json } from './util';
import { guid } from './util';

export interface Reply {
    status: number;
    headers?: Record<string, string>;
    /** JSON (sent as application/json), a string (sent as text/plain), or nothing. */
    body?: Json | string;
    /** Send `body` as JSON even when it is a string. */
    json?: boolean;
}

export async function readBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > limit) {
            throw new Error('request body too large');
        }
        chunks.push(buf);
    }
    return Buffer.concat(chunks);
}

export function send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    let payload: Buffer | undefined;
    if (reply.body !== undefined) {
        if (typeof reply.body === 'string' && !reply.json) {
            payload = Buffer.from(reply.body, 'utf8');
            headers['Content-Type'] ??= 'text/plain; charset=utf-8';
        } else {
            payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
            headers['Content-Type'] ??= 'application/json; charset=utf-8';
        }
    }
    headers['Content-Length'] = String(payload?.length ?? 0);
    res.writeHead(reply.status, headers);
    res.end(payload);
}

/** The headers ARM adds to every response (NOTES.md (d)). */
export function armHeaders(req: IncomingMessage, write: boolean): Record<string, string> {
    const requestId = guid();
    const correlation = header(req, 'x-ms-correlation-request-id') ?? guid();
    const headers: Record<string, string> = {
        'Cache-Control': 'no-cache',
        Pragma: 'no-cache',
        Expires: '-1',
        'x-ms-request-id': requestId,
        'x-ms-correlation-request-id': correlation,
        'x-ms-routing-request-id': `EMULATOR:${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}:${requestId}`,
        [write ? 'x-ms-ratelimit-remaining-subscription-writes' : 'x-ms-ratelimit-remaining-subscription-reads']:
            write ? '1199' : '11999',
        'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
        'X-Content-Type-Options': 'nosniff',
    };
    const clientRequestId = header(req, 'x-ms-client-request-id');
    if (clientRequestId && header(req, 'x-ms-return-client-request-id') === 'true') {
        headers['x-ms-client-request-id'] = clientRequestId;
    }
    return headers;
}

export function header(req: IncomingMessage, name: string): string | undefined {
    const value = req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
}
