/**
 * How ARM checks the bearer token: present, known, not expired or revoked, and issued for this
 * "cloud" (audience = the emulator's origin, with or without a trailing slash). Failures are 401
 * with `WWW-Authenticate`, as ARM sends them; a CAE revocation carries an
 * `error="insufficient_claims"` challenge that the SDK's bearer policy answers with a new token.
 */
import { ArmError } from './arm/errors';
import type { EmulatorCore } from './core';
import type { TokenInfo } from './entra';

function challenge(core: EmulatorCore, description: string, claims?: string): Record<string, string> {
    const authority = `${core.origin}/${core.identity.tenantId}`;
    const value = claims
        ? `Bearer realm="", authorization_uri="${authority}", error="insufficient_claims", claims="${claims}"`
        : `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${description}"`;
    return { 'WWW-Authenticate': value };
}

function fail(core: EmulatorCore, code: string, message: string, claims?: string): ArmError {
    return new ArmError(401, code, message, undefined, undefined, challenge(core, message, claims));
}

export function authenticate(core: EmulatorCore, authorization: string | undefined): TokenInfo {
    if (!authorization) {
        return failThrow(core, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    }
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) {
        return failThrow(core, 'AuthenticationFailedInvalidHeader', "Authentication failed. The 'Authorization' header is provided in an invalid format.");
    }
    const check = core.tokens.check(m[1]);
    if (!check.ok) {
        switch (check.reason) {
            case 'expired':
                return failThrow(core, 'ExpiredAuthenticationToken',
                    `The access token expiry UTC time '${check.info?.expiresAt.toISOString() ?? ''}' is earlier than current UTC time '${new Date().toISOString()}'.`);
            case 'revoked':
                return failThrow(core, 'InvalidAuthenticationToken', 'The access token has been revoked.');
            case 'cae': {
                const claims = Buffer.from(JSON.stringify({
                    access_token: { nbf: { essential: true, value: String(Math.floor(Date.now() / 1000)) } },
                })).toString('base64');
                return failThrow(core, 'InvalidAuthenticationToken', 'The access token has been revoked by continuous access evaluation.', claims);
            }
            default:
                return failThrow(core, 'InvalidAuthenticationToken', 'The access token is invalid.');
        }
    }
    if (check.info.audience !== core.audience) {
        return failThrow(core, 'InvalidAuthenticationTokenAudience',
            `The access token has been obtained for wrong audience or resource '${check.info.audience}'. It should exactly match with one of the allowed audiences '${core.origin}/','${core.origin}'.`);
    }
    return check.info;
}

function failThrow(core: EmulatorCore, code: string, message: string, claims?: string): never {
    throw fail(core, code, message, claims);
}
