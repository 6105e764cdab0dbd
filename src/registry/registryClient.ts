/**
 * The registry HTTP API v2 (the CNCF distribution spec) over HTTPS, for what the tree and Delete
 * Tag need: the repositories, a repository's tags, and deleting a tag's manifest. Authentication
 * follows the registry's challenge: `Bearer realm=…,service=…` gets a token from the realm for the
 * call's scope (with an ACR refresh token, or a username and password), `Basic` sends the
 * username and password. Errors are RegistryErrors naming the cause.
 */
import { httpsFetch, type HttpsInit } from './httpsFetch';
import { RegistryError, registryErrors } from './registryErrors';

export const acrTokenUsername = '00000000-0000-0000-0000-000000000000';

/** How to sign in to one registry. An ACR refresh token comes from exchangeAcrToken. */
export type RegistryLogin =
    | { readonly kind: 'password'; readonly username: string; readonly password: string }
    | { readonly kind: 'acr'; readonly refreshToken: string };

/** What the engine is given as X-Registry-Auth for a pull or push. */
export interface EngineAuth { readonly username: string; readonly password: string; readonly serveraddress: string }

export function engineAuth(server: string, login: RegistryLogin): EngineAuth {
    return login.kind === 'acr'
        ? { username: acrTokenUsername, password: login.refreshToken, serveraddress: server }
        : { username: login.username, password: login.password, serveraddress: server };
}

export interface Challenge { readonly scheme: 'bearer' | 'basic'; readonly realm?: string; readonly service?: string }

export function parseChallenge(header: string | null): Challenge | undefined {
    const m = /^\s*(Bearer|Basic)\b(.*)$/i.exec(header ?? '');
    if (!m) {
        return undefined;
    }
    const params: Record<string, string> = {};
    for (const p of m[2].matchAll(/(\w+)="([^"]*)"/g)) {
        params[p[1].toLowerCase()] = p[2];
    }
    return { scheme: m[1].toLowerCase() as Challenge['scheme'], realm: params.realm, service: params.service };
}

export interface RegistryClientOptions {
    readonly timeoutMs: number;
}

const manifestTypes = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export class RegistryClient {
    private readonly tokens = new Map<string, string>();

    /** @param server host[:port], the registry part of image names. */
    constructor(readonly server: string, private readonly login: RegistryLogin | undefined, private readonly options: RegistryClientOptions) {}

    /** Every repository (follows the catalog's pages). */
    async repositories(signal?: AbortSignal): Promise<string[]> {
        const names: string[] = [];
        let next: string | undefined = '/v2/_catalog?n=1000';
        while (next) {
            const res = await this.request('GET', next, 'registry:catalog:*', {}, signal);
            const body = await res.json() as { repositories?: string[] | null };
            names.push(...body.repositories ?? []);
            next = nextLink(res.headers.get('link'));
        }
        return names;
    }

    async tags(repository: string, signal?: AbortSignal): Promise<string[]> {
        const names: string[] = [];
        let next: string | undefined = `/v2/${repository}/tags/list?n=1000`;
        while (next) {
            const res = await this.request('GET', next, `repository:${repository}:pull`, {}, signal, { repository });
            const body = await res.json() as { tags?: string[] | null };
            names.push(...body.tags ?? []);
            next = nextLink(res.headers.get('link'));
        }
        return names.sort();
    }

    /**
     * Deletes the manifest the tag points to (the v2 API deletes manifests by digest), and with it
     * every tag on that manifest.
     */
    async deleteTag(repository: string, tag: string, signal?: AbortSignal): Promise<string> {
        const scope = `repository:${repository}:pull,delete`;
        const head = await this.request('HEAD', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`, scope, { Accept: manifestTypes }, signal, { repository, tag });
        const digest = head.headers.get('docker-content-digest');
        if (!digest) {
            throw new RegistryError(`${this.server} did not say which manifest ${repository}:${tag} is.`, 'The registry does not support deleting through the v2 API.', 'other');
        }
        await this.request('DELETE', `/v2/${repository}/manifests/${digest}`, scope, {}, signal, { repository, tag });
        return digest;
    }

    /**
     * Asks the registry itself whether this login may pull `repository:tag` (HEAD on its manifest)
     * or push to `repository` (the /v2/ sign-in): a RegistryError names what is wrong. Engines
     * often report such refusals in other words (a loopback registry's fallback to plain HTTP).
     */
    async check(repository: string, tag: string | undefined, action: 'pull' | 'push' | 'delete', signal?: AbortSignal): Promise<void> {
        if (action === 'pull' && tag) {
            await this.request('HEAD', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`, `repository:${repository}:pull`, { Accept: manifestTypes }, signal, { repository, tag });
        } else {
            await this.request('GET', '/v2/', `repository:${repository}:${action === 'delete' ? 'delete' : 'pull,push'}`, {}, signal, { repository });
        }
    }

    /** Answers /v2/ at all (with or without a challenge): the registry exists and speaks v2. */
    async challenge(signal?: AbortSignal): Promise<Challenge | undefined> {
        const res = await this.fetch('GET', '/v2/', {}, signal);
        return res.status === 401 ? parseChallenge(res.headers.get('www-authenticate')) : undefined;
    }

    private async request(
        method: string, path: string, scope: string, headers: Record<string, string>, signal?: AbortSignal,
        what: { repository?: string; tag?: string } = {},
    ): Promise<Response> {
        let res = await this.fetch(method, path, { ...headers, ...this.authorization(scope) }, signal);
        if (res.status === 401) {
            const challenge = parseChallenge(res.headers.get('www-authenticate'));
            if (challenge && this.login && await this.authenticate(challenge, scope, signal)) {
                res = await this.fetch(method, path, { ...headers, ...this.authorization(scope) }, signal);
            }
        }
        if (res.ok) {
            return res;
        }
        throw await registryErrors.fromResponse(this.server, res, { ...what, acr: this.login?.kind === 'acr', signedIn: !!this.login });
    }

    private authorization(scope: string): Record<string, string> {
        const token = this.tokens.get(scope);
        if (token) {
            return { Authorization: token };
        }
        return {};
    }

    /** Gets what the challenge asks for; false when nothing can answer it. */
    private async authenticate(challenge: Challenge, scope: string, signal?: AbortSignal): Promise<boolean> {
        const login = this.login!;
        if (challenge.scheme === 'basic') {
            if (login.kind !== 'password') {
                return false;
            }
            this.tokens.set(scope, `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`);
            return true;
        }
        if (!challenge.realm) {
            return false;
        }
        const realm = new URL(challenge.realm);
        let res: Response;
        if (login.kind === 'acr') {
            const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: login.refreshToken, scope });
            if (challenge.service) {
                form.set('service', challenge.service);
            }
            res = await timedFetch(realm.href, { method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, this.options.timeoutMs, signal);
        } else {
            realm.searchParams.set('scope', scope);
            if (challenge.service) {
                realm.searchParams.set('service', challenge.service);
            }
            const basic = Buffer.from(`${login.username}:${login.password}`).toString('base64');
            res = await timedFetch(realm.href, { headers: { Authorization: `Basic ${basic}` } }, this.options.timeoutMs, signal);
        }
        if (!res.ok) {
            throw await registryErrors.fromResponse(this.server, res, { acr: login.kind === 'acr', signedIn: true, tokenEndpoint: true });
        }
        const body = await res.json() as { access_token?: string; token?: string };
        const token = body.access_token ?? body.token;
        if (!token) {
            return false;
        }
        this.tokens.set(scope, `Bearer ${token}`);
        return true;
    }

    private async fetch(method: string, path: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
        try {
            return await timedFetch(`https://${this.server}${path}`, { method, headers }, this.options.timeoutMs, signal);
        } catch (error) {
            throw registryErrors.unreachable(this.server, error);
        }
    }
}

async function timedFetch(url: string, init: HttpsInit, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    return httpsFetch(url, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
}

/** The path of a `Link: </v2/_catalog?last=x&n=1000>; rel="next"` header. */
function nextLink(link: string | null): string | undefined {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link ?? '');
    if (!m) {
        return undefined;
    }
    const url = new URL(m[1], 'https://registry.invalid');
    return `${url.pathname}${url.search}`;
}
