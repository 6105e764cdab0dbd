/**
 * Which credentials a registry gets, found from the image name alone: an Azure Container Registry
 * of the selected subscriptions signs in with the Azure account (Entra token → /oauth2/exchange →
 * refresh token, kept in memory only), another registry the user added with its username and
 * password (read from where the VS Code layer keeps it). An ACR refresh token that the registry
 * refuses is replaced once, and the action tried again; a second refusal is reported.
 */
import { exchangeAcrToken } from './acrExchange';
import { parseImageReference } from './imageReference';
import type { EngineAuth, RegistryLogin } from './registryClient';
import { engineAuth, RegistryClient } from './registryClient';
import { classifyRegistryFailure, RegistryError } from './registryErrors';

export interface LoginSources {
    /** True when `server` (host[:port], lower case) is an Azure Container Registry the account can see. */
    isAzureRegistry(server: string): Promise<boolean>;
    /** An Entra access token that the registry's exchange accepts. */
    entraToken(server: string, signal?: AbortSignal): Promise<{ token: string; tenantId?: string }>;
    /** The username and password the user saved for `server`, if any. */
    savedPassword(server: string): Promise<{ username: string; password: string } | undefined>;
    readonly timeoutMs: number;
}

export type RegistryAction = 'pull' | 'push' | 'delete';

export class RegistryLogins {
    private readonly refreshTokens = new Map<string, Promise<string>>();

    constructor(private readonly sources: LoginSources) {}

    /** The login for `server`, or undefined when it is not a known registry (anonymous). */
    async login(server: string, signal?: AbortSignal): Promise<RegistryLogin | undefined> {
        const key = server.toLowerCase();
        if (await this.sources.isAzureRegistry(key)) {
            let pending = this.refreshTokens.get(key);
            if (!pending) {
                pending = this.exchange(key, signal);
                this.refreshTokens.set(key, pending);
                pending.catch(() => this.refreshTokens.get(key) === pending && this.refreshTokens.delete(key));
            }
            return { kind: 'acr', refreshToken: await pending };
        }
        const saved = await this.sources.savedPassword(key);
        return saved ? { kind: 'password', ...saved } : undefined;
    }

    /** A v2 API client signed in to `server` the way `login` says. */
    async client(server: string, signal?: AbortSignal): Promise<RegistryClient> {
        return new RegistryClient(server, await this.login(server, signal), { timeoutMs: this.sources.timeoutMs });
    }

    /** Drops a cached ACR refresh token, so the next login exchanges a new one. */
    forget(server: string): void {
        this.refreshTokens.delete(server.toLowerCase());
    }

    /**
     * Runs an engine pull or push of `reference` with its registry's credentials (none for an
     * unknown registry). A refusal is retried once with a new ACR token; failures the registry
     * caused are rethrown as RegistryErrors naming the cause.
     */
    async withEngineAuth<T>(reference: string, action: RegistryAction, run: (auth: EngineAuth | undefined) => Promise<T>, signal?: AbortSignal): Promise<T> {
        const ref = parseImageReference(reference);
        if (!ref) {
            return run(undefined);
        }
        const server = ref.registry;
        const attempt = async (): Promise<T> => {
            const login = await this.login(server, signal);
            try {
                return await run(login ? engineAuth(server, login) : undefined);
            } catch (error) {
                const classified = this.classify(server, error, { acr: login?.kind === 'acr', signedIn: !!login, repository: ref.repository, tag: ref.tag, action });
                if (classified === error && error instanceof Error && error.name !== 'AbortError' && !signal?.aborted) {
                    // The engine's words did not say why: ask the registry with the same login.
                    const client = new RegistryClient(server, login, { timeoutMs: this.sources.timeoutMs });
                    const found = await client.check(ref.repository, ref.tag, action, signal).then(() => undefined, (e: unknown) => e);
                    if (found instanceof RegistryError && found.kind !== 'other' && found.kind !== 'registryNotFound') {
                        throw new RegistryError(found.causeText, found.fix, found.kind, { cause: error });
                    }
                }
                throw classified;
            }
        };
        try {
            return await attempt();
        } catch (error) {
            // In the engine's words an expired ACR token reads like a missing role: both get one new token.
            const refused = error instanceof RegistryError && (error.kind === 'unauthorized' || error.kind === 'denied');
            if (refused && this.refreshTokens.has(server) && !signal?.aborted) {
                this.forget(server);
                return attempt();
            }
            throw error;
        }
    }

    private async exchange(server: string, signal?: AbortSignal): Promise<string> {
        const { token, tenantId } = await this.sources.entraToken(server, signal);
        return (await exchangeAcrToken(server, token, { tenantId, timeoutMs: this.sources.timeoutMs, signal })).refreshToken;
    }

    /** A RegistryError for what the registry refused; anything else unchanged. */
    private classify(server: string, error: unknown, ctx: Parameters<typeof classifyRegistryFailure>[4]): unknown {
        if (!(error instanceof Error) || error instanceof RegistryError || error.name === 'AbortError') {
            return error;
        }
        const classified = classifyRegistryFailure(server, undefined, [], error.message, ctx);
        if (classified.kind === 'other') {
            return error;
        }
        return new RegistryError(classified.causeText, classified.fix, classified.kind, { cause: error });
    }
}
