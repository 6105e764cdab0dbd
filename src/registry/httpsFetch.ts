/**
 * The part of fetch() the registry code uses, over node:https. In VS Code's extension host the
 * global fetch is given its own certificate list (Node's bundled roots and the system's), which
 * leaves out NODE_EXTRA_CA_CERTS: a registry behind a CA trusted that way failed with "unable to
 * verify the first certificate". node:https keeps Node's default store, as the Azure SDK and the
 * engine client use it. GET and HEAD follow up to five redirects, as fetch does.
 */
import { request } from 'node:https';

export interface HttpsInit {
    readonly method?: string;
    readonly headers?: Record<string, string>;
    readonly body?: string | URLSearchParams;
    readonly signal?: AbortSignal;
}

export function httpsFetch(url: string | URL, init: HttpsInit = {}, redirects = 5): Promise<Response> {
    const method = init.method ?? 'GET';
    const body = init.body === undefined ? undefined : String(init.body);
    const headers = body === undefined ? init.headers : { ...init.headers, 'Content-Length': String(Buffer.byteLength(body)) };
    return new Promise<Response>((resolve, reject) => {
        const req = request(url, { method, headers, signal: init.signal }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('error', reject);
            res.on('end', () => {
                const status = res.statusCode ?? 0;
                const location = res.headers.location;
                if (status >= 300 && status < 400 && location && redirects > 0 && (method === 'GET' || method === 'HEAD')) {
                    resolve(httpsFetch(new URL(location, url), init, redirects - 1));
                    return;
                }
                const answer = new Headers();
                for (const [name, value] of Object.entries(res.headers)) {
                    for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) {
                        answer.append(name, v);
                    }
                }
                const noBody = method === 'HEAD' || status === 204 || status === 304;
                resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers: answer }));
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}
