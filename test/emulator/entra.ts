/**
 * Microsoft Entra ID, as much as @azure/identity's ClientSecretCredential / EnvironmentCredential
 * (MSAL node) asks for with `authorityHost` = the emulator and `disableInstanceDiscovery: true`:
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration
 *   POST /{tenant}/oauth2/v2.0/token   (grant_type=client_credentials, client_secret)
 * Access tokens are opaque random strings; the ARM side looks them up here.
 */
import type { Reply } from './http';
import { guid, randomToken } from './util';

export interface Identity { tenantId: string; clientId: string; clientSecret: string }

export interface TokenInfo {
    tenantId: string;
    clientId: string;
    /** The resource the token was issued for: the scope without "/.default" and trailing slashes. */
    audience: string;
    issuedAt: Date;
    expiresAt: Date;
    revoked?: 'hard' | 'cae';
}

export type TokenCheck =
    | { ok: true; info: TokenInfo }
    | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'cae'; info?: TokenInfo };

export class TokenStore {
    private readonly tokens = new Map<string, TokenInfo>();
    /** Seconds a new token lives (Entra's default is about an hour). */
    lifetimeSeconds = 3599;

    issue(tenantId: string, clientId: string, audience: string): { token: string; info: TokenInfo } {
        const token = `emu.${randomToken(32)}`;
        const issuedAt = new Date();
        const info: TokenInfo = {
            tenantId, clientId, audience, issuedAt,
            expiresAt: new Date(issuedAt.getTime() + this.lifetimeSeconds * 1000),
        };
        this.tokens.set(token, info);
        return { token, info };
    }

    check(token: string): TokenCheck {
        const info = this.tokens.get(token);
        if (!info) {
            return { ok: false, reason: 'unknown' };
        }
        if (info.revoked) {
            return { ok: false, reason: info.revoked === 'cae' ? 'cae' : 'revoked', info };
        }
        if (info.expiresAt.getTime() <= Date.now()) {
            return { ok: false, reason: 'expired', info };
        }
        return { ok: true, info };
    }

    /**
     * Revokes every token issued so far. `cae` answers ARM calls with a Continuous Access Evaluation
     * challenge (401 + `error="insufficient_claims"`), which the SDK's bearer policy answers by
     * fetching a new token; `hard` answers 401 InvalidAuthenticationToken with no way around it.
     */
    revokeAll(mode: 'hard' | 'cae' = 'hard'): number {
        let n = 0;
        for (const info of this.tokens.values()) {
            if (!info.revoked) {
                info.revoked = mode;
                n++;
            }
        }
        return n;
    }

    /** Makes every token issued so far expire now. */
    expireAll(): void {
        const past = new Date(Date.now() - 1000);
        for (const info of this.tokens.values()) {
            info.expiresAt = past;
        }
    }

    get count(): number {
        return this.tokens.size;
    }
}

export function normalizeAudience(scopeOrResource: string): string {
    return scopeOrResource.replace(/\/?\.default$/i, '').replace(/\/+$/, '').toLowerCase();
}

export function openIdConfiguration(origin: string, tenant: string): Reply {
    const base = `${origin}/${tenant}`;
    return {
        status: 200,
        body: {
            token_endpoint: `${base}/oauth2/v2.0/token`,
            token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
            jwks_uri: `${base}/discovery/v2.0/keys`,
            response_modes_supported: ['query', 'fragment', 'form_post'],
            subject_types_supported: ['pairwise'],
            id_token_signing_alg_values_supported: ['RS256'],
            response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
            scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
            issuer: `${base}/v2.0`,
            request_uri_parameter_supported: false,
            userinfo_endpoint: `${origin}/oidc/userinfo`,
            authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
            device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
            http_logout_supported: true,
            frontchannel_logout_supported: true,
            end_session_endpoint: `${base}/oauth2/v2.0/logout`,
            claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'ver'],
            kerberos_endpoint: `${base}/kerberos`,
            tenant_region_scope: null,
            cloud_instance_name: 'azure-docker-hosts.emulator',
            cloud_graph_host_name: 'graph.invalid',
            msgraph_host: 'graph.invalid',
            rbac_url: 'https://pas.invalid',
        },
    };
}

/** AADSTS-style error, as the v2.0 token endpoint sends it. */
export function entraError(status: number, error: string, aadsts: number, description: string): Reply {
    const traceId = guid();
    const correlationId = guid();
    const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    return {
        status,
        body: {
            error,
            error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
            error_codes: [aadsts],
            timestamp,
            trace_id: traceId,
            correlation_id: correlationId,
            error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
        },
    };
}

/** The token endpoint: client credentials with a client secret (form body or HTTP Basic). */
export function tokenEndpoint(
    identity: Identity, tokens: TokenStore, tenant: string, form: URLSearchParams, authorization?: string,
): Reply {
    if (tenant.toLowerCase() !== identity.tenantId.toLowerCase()) {
        return entraError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
    }
    let clientId = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    if (authorization?.toLowerCase().startsWith('basic ')) {
        const [id, pw] = Buffer.from(authorization.slice(6), 'base64').toString('utf8').split(':');
        clientId ??= decodeURIComponent(id);
        secret ??= decodeURIComponent(pw ?? '');
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
        return entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType ?? ''}'.`);
    }
    if (!clientId || clientId !== identity.clientId) {
        return entraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId ?? ''}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`);
    }
    if (secret !== identity.clientSecret) {
        return entraError(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
    }
    const scope = (form.get('scope') ?? '').split(' ').find((s) => s.toLowerCase().endsWith('/.default'));
    if (!scope) {
        return entraError(400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
    }
    const { token } = tokens.issue(identity.tenantId, clientId, normalizeAudience(scope));
    return {
        status: 200,
        body: {
            token_type: 'Bearer',
            expires_in: tokens.lifetimeSeconds,
            ext_expires_in: tokens.lifetimeSeconds,
            access_token: token,
        },
    };
}
