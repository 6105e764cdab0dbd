/**
 * Where RegistryLogins finds credentials: the Azure Container Registries ARM lists for the selected
 * subscriptions, each signed in with an Entra token of its subscription's credential, and the
 * passwords the user saved for other registries.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { LoginSources } from '../registry/registryLogins';
import type { CloudConfig } from './cloud';
import type { AzureRegistry } from './containerRegistries';

export interface RegistrySourceDeps {
    readonly cloud: CloudConfig;
    /** The registries of the selected subscriptions (the caller caches them). */
    registries(): Promise<AzureRegistry[]>;
    credentialFor(subscriptionId: string): Promise<TokenCredential>;
    savedPassword(server: string): Promise<{ username: string; password: string } | undefined>;
    readonly timeoutMs: number;
}

/**
 * The exchange takes a token for ARM (the registry policy azureADAuthenticationAsArmPolicy, on by
 * default, accepts it, as `az acr login` relies on): the cloud's ARM scope is right in every
 * cloud, sovereign and custom ones included.
 */
export function registryLoginSources(deps: RegistrySourceDeps): LoginSources {
    const find = async (server: string) => (await deps.registries()).find((r) => r.loginServer === server.toLowerCase());
    return {
        timeoutMs: deps.timeoutMs,
        isAzureRegistry: async (server) => !!await find(server),
        savedPassword: (server) => deps.savedPassword(server),
        async entraToken(server, signal) {
            const registry = await find(server);
            if (!registry) {
                throw new Error(`${server} is not an Azure Container Registry of the selected subscriptions.`);
            }
            const credential = await deps.credentialFor(registry.subscriptionId);
            const token = await credential.getToken(deps.cloud.armScope, { abortSignal: signal });
            if (!token) {
                throw new Error('The Azure account gave no token: sign in to Azure again.');
            }
            return { token: token.token };
        },
    };
}
