import type { CloudConfig } from './cloud';
import { loadSdk } from './loadSdk';
import { listSubscriptionsFor, type SubscriptionInfo, type SubscriptionSource } from './subscriptions';

const environmentVariables = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;

/** A service principal from AZURE_TENANT_ID / AZURE_CLIENT_ID / AZURE_CLIENT_SECRET (and AZURE_AUTHORITY_HOST). */
export function environmentSource(cloud: CloudConfig, env: NodeJS.ProcessEnv): SubscriptionSource {
    return {
        kind: 'environment',
        async missingConfiguration() {
            const missing = environmentVariables.filter((name) => !env[name]);
            return missing.length === 0
                ? undefined
                : `The environment credential needs ${missing.join(', ')} set in the environment VS Code was started from.`;
        },
        async listSubscriptions(): Promise<SubscriptionInfo[]> {
            const { EnvironmentCredential } = await loadSdk();
            const credential = new EnvironmentCredential({
                authorityHost: env.AZURE_AUTHORITY_HOST ?? cloud.activeDirectoryEndpoint,
                // A custom cloud is not in Entra's public instance metadata, so discovery would fail.
                disableInstanceDiscovery: cloud.isCustom,
            });
            return listSubscriptionsFor(cloud, credential);
        },
    };
}

/** The Azure CLI's login (`az login`). */
export function azureCliSource(cloud: CloudConfig): SubscriptionSource {
    return {
        kind: 'azureCli',
        missingConfiguration: async () => undefined,
        async listSubscriptions(): Promise<SubscriptionInfo[]> {
            const { AzureCliCredential } = await loadSdk();
            return listSubscriptionsFor(cloud, new AzureCliCredential());
        },
    };
}
