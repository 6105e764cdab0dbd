/**
 * ACR sign-in with an Entra ID token, as `az acr login` does it: the registry's challenge names
 * its token service (the realm), whose /oauth2/exchange turns the Entra access token into an ACR
 * refresh token. That refresh token, with the well-known username
 * 00000000-0000-0000-0000-000000000000, is what the engine and the v2 API sign in with.
 */
import { httpsFetch } from './httpsFetch';
import { RegistryClient } from './registryClient';
import { registryErrors, RegistryError } from './registryErrors';

export interface AcrRefreshToken {
    readonly refreshToken: string;
}

export async function exchangeAcrToken(
    server: string, entraAccessToken: string, options: { tenantId?: string; timeoutMs: number; signal?: AbortSignal },
): Promise<AcrRefreshToken> {
    const challenge = await new RegistryClient(server, undefined, options).challenge(options.signal);
    if (challenge?.scheme !== 'bearer' || !challenge.realm) {
        throw new RegistryError(`${server} does not offer Microsoft Entra sign-in.`, 'Check that it is an Azure Container Registry.', 'other');
    }
    const form = new URLSearchParams({ grant_type: 'access_token', service: challenge.service ?? server, access_token: entraAccessToken });
    if (options.tenantId) {
        form.set('tenant', options.tenantId);
    }
    const url = new URL('/oauth2/exchange', challenge.realm);
    let res: Response;
    try {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        res = await httpsFetch(url, {
            method: 'POST', body: form, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        });
    } catch (error) {
        throw registryErrors.unreachable(url.host, error);
    }
    if (!res.ok) {
        throw await registryErrors.fromResponse(server, res, { acr: true, signedIn: true, tokenEndpoint: true });
    }
    const body = await res.json() as { refresh_token?: string };
    if (!body.refresh_token) {
        throw new RegistryError(`${server} answered the sign-in without a token.`, 'Try again later.', 'other');
    }
    return { refreshToken: body.refresh_token };
}
