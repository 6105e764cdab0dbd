/**
 * Azure Container Registry's token service, as a registry's clients use it:
 *   POST /oauth2/exchange  grant_type=access_token, service, access_token (an Entra token) → refresh_token
 *   POST /oauth2/token     grant_type=refresh_token, service, scope, refresh_token → access_token
 *   GET  /oauth2/token?service&scope  with Basic 00000000-0000-0000-0000-000000000000:<refresh token>
 *        (how dockerd asks when it was given that username and password) → token, access_token
 * The access tokens are JWTs (ES256, x5c = the signing certificate) that a real CNCF distribution
 * registry configured with `auth.token` trusts: its rootcertbundle holds that certificate. What
 * a token grants follows the principal's roles on the registry (AcrPull, AcrPush, AcrDelete,
 * Owner/Contributor); a principal without any gets a token that grants nothing, and the
 * registry itself answers 401, as ACR does.
 */
import { createPrivateKey, sign, X509Certificate } from 'node:crypto';
import type { PemPair } from '../../src/tls/certificates';
import { createCa } from '../../src/tls/certificates';
import type { TokenStore } from './entra';
import type { Reply } from './http';
import { guid, randomToken } from './util';

export const acrTokenUsername = '00000000-0000-0000-0000-000000000000';
export const acrIssuer = 'Azure Container Registry';

export type AcrRole = 'AcrPull' | 'AcrPush' | 'AcrDelete' | 'Owner' | 'Contributor';
type Action = 'pull' | 'push' | 'delete';

const roleActions: Record<AcrRole, Action[]> = {
    AcrPull: ['pull'],
    AcrPush: ['pull', 'push'],
    AcrDelete: ['delete'],
    Owner: ['pull', 'push', 'delete'],
    Contributor: ['pull', 'push', 'delete'],
};

export interface AcrRegistry {
    /** ARM id of the Microsoft.ContainerRegistry/registries resource. */
    readonly id: string;
    /** host[:port]: the `service` of its tokens and the registry part of image names. */
    readonly loginServer: string;
    /** Role assignments on the registry, by principal (the client id of the token's caller). */
    readonly roles: Map<string, Set<AcrRole>>;
    /** Policy azureADAuthenticationAsArmPolicy: Entra tokens for ARM are accepted by the exchange. */
    armTokensAccepted: boolean;
}

interface RefreshToken { principal: string; tenantId: string; service: string; expiresAt: number }

interface Grant { type: string; name: string; actions: string[] }

export class AcrTokenService {
    private readonly registries = new Map<string, AcrRegistry>();
    private readonly refreshTokens = new Map<string, RefreshToken>();
    private signer: Promise<PemPair> | undefined;
    /** ACR's refresh tokens live about 3 hours, its access tokens 75 minutes. */
    refreshLifetimeSeconds = 3 * 3600;
    accessLifetimeSeconds = 75 * 60;
    /** Audience (normalised) of Entra tokens issued for the registry data plane itself. */
    readonly acrAudience = 'https://containerregistry.azure.net';

    constructor(private readonly tokens: TokenStore, private readonly armAudience: () => string) {}

    /** The certificate (PEM) whose key signs access tokens: the registry's rootcertbundle. */
    async signingCertificate(): Promise<string> {
        return (await this.signingPair()).certPem;
    }

    add(registry: AcrRegistry): void {
        this.registries.set(registry.loginServer.toLowerCase(), registry);
    }

    remove(loginServer: string): void {
        this.registries.delete(loginServer.toLowerCase());
    }

    /** Makes every refresh token issued so far expire now. */
    expireRefreshTokens(): void {
        for (const t of this.refreshTokens.values()) {
            t.expiresAt = Date.now() - 1000;
        }
    }

    /** Handles /oauth2/exchange and /oauth2/token; undefined for any other path. */
    async handle(method: string, url: URL, form: URLSearchParams, authorization?: string): Promise<Reply | undefined> {
        const p = url.pathname.toLowerCase();
        if (p === '/oauth2/exchange' && method === 'POST') {
            return this.exchange(form);
        }
        if (p === '/oauth2/token' && method === 'POST') {
            return this.token(form.get('service'), form.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean),
                form.get('grant_type') === 'refresh_token' ? form.get('refresh_token') : null);
        }
        if (p === '/oauth2/token' && method === 'GET') {
            const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
            const [user, password] = basic ? splitOnce(Buffer.from(basic[1], 'base64').toString('utf8'), ':') : ['', ''];
            if (!basic || user !== acrTokenUsername) {
                return acrError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.');
            }
            const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
            return this.token(url.searchParams.get('service'), scopes, password);
        }
        return undefined;
    }

    private exchange(form: URLSearchParams): Reply {
        if (form.get('grant_type') !== 'access_token') {
            return acrError(400, 'UNSUPPORTED', `unsupported grant_type '${form.get('grant_type') ?? ''}'`);
        }
        const registry = this.registry(form.get('service'));
        if (!registry) {
            return acrError(400, 'UNKNOWN', `service '${form.get('service') ?? ''}' is not a registry of this cloud`);
        }
        const check = this.tokens.check(form.get('access_token') ?? '');
        if (!check.ok) {
            return acrError(401, 'UNAUTHORIZED', `the access token is ${check.reason === 'expired' ? 'expired' : 'invalid'}. Get a new token from Microsoft Entra ID.`);
        }
        const audience = check.info.audience;
        if (audience !== this.acrAudience && !(registry.armTokensAccepted && audience === this.armAudience())) {
            return acrError(401, 'UNAUTHORIZED', `the access token's audience '${audience}' is not accepted by this registry.`);
        }
        const refresh = `acr-rt.${randomToken(32)}`;
        this.refreshTokens.set(refresh, {
            principal: check.info.clientId, tenantId: check.info.tenantId, service: registry.loginServer,
            expiresAt: Date.now() + this.refreshLifetimeSeconds * 1000,
        });
        return { status: 200, body: { refresh_token: refresh } };
    }

    private async token(service: string | null, scopes: string[], refreshToken: string | null): Promise<Reply> {
        const registry = this.registry(service);
        if (!registry) {
            return acrError(400, 'UNKNOWN', `service '${service ?? ''}' is not a registry of this cloud`);
        }
        const refresh = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
        if (!refresh || refresh.service.toLowerCase() !== registry.loginServer.toLowerCase()) {
            return acrError(401, 'UNAUTHORIZED', 'authentication required, visit https://aka.ms/acr/authorization for more information.');
        }
        if (refresh.expiresAt <= Date.now()) {
            return acrError(401, 'UNAUTHORIZED', 'the refresh token is expired, visit https://aka.ms/acr/authorization for more information.');
        }
        const allowed = new Set([...registry.roles.get(refresh.principal) ?? []].flatMap((r) => roleActions[r]));
        const access = scopes.map(parseScope).filter((g): g is Grant => !!g).map((g) => grant(g, allowed)).filter((g) => g.actions.length > 0);
        const token = await this.signAccessToken(registry.loginServer, refresh.principal, access);
        return { status: 200, body: { access_token: token, token, expires_in: this.accessLifetimeSeconds } };
    }

    private registry(service: string | null): AcrRegistry | undefined {
        return service ? this.registries.get(service.toLowerCase()) : undefined;
    }

    private signingPair(): Promise<PemPair> {
        return (this.signer ??= createCa('Azure Container Registry token signer (emulator)'));
    }

    private async signAccessToken(service: string, subject: string, access: Grant[]): Promise<string> {
        const pair = await this.signingPair();
        const now = Math.floor(Date.now() / 1000);
        const header = { typ: 'JWT', alg: 'ES256', x5c: [new X509Certificate(pair.certPem).raw.toString('base64')] };
        const claims = {
            jti: guid(), sub: subject, nbf: now - 60, iat: now, exp: now + this.accessLifetimeSeconds,
            iss: acrIssuer, aud: service, version: '1.0', grant_type: 'refresh_token', access,
        };
        const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
        const signature = sign('sha256', Buffer.from(input), { key: createPrivateKey(pair.keyPem), dsaEncoding: 'ieee-p1363' });
        return `${input}.${signature.toString('base64url')}`;
    }
}

/** `repository:name:pull,push` or `registry:catalog:*` (the name itself may hold colons: none here do). */
function parseScope(scope: string): Grant | undefined {
    const parts = scope.split(':');
    if (parts.length < 3) {
        return undefined;
    }
    const actions = parts.pop()!.split(',').filter(Boolean);
    const [type, ...name] = parts;
    return { type, name: name.join(':'), actions };
}

function grant(wanted: Grant, allowed: Set<Action>): Grant {
    if (wanted.type === 'registry' && wanted.name === 'catalog') {
        // Listing repositories comes with pull rights (ACR's metadata read).
        return { ...wanted, actions: allowed.has('pull') ? ['*'] : [] };
    }
    if (wanted.type !== 'repository') {
        return { ...wanted, actions: [] };
    }
    const actions = wanted.actions.flatMap((a) => (a === '*' ? [...allowed] : allowed.has(a as Action) ? [a] : []));
    return { ...wanted, actions: [...new Set(actions)] };
}

function acrError(status: number, code: string, message: string): Reply {
    return { status, body: { errors: [{ code, message }] } };
}

function b64url(text: string): string {
    return Buffer.from(text, 'utf8').toString('base64url');
}

function splitOnce(text: string, sep: string): [string, string] {
    const i = text.indexOf(sep);
    return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}
