import type { TokenCredential } from '@azure/core-auth';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { CloudConfig } from './cloud';
import { loadSdk } from './loadSdk';

export interface ArmClients {
    readonly compute: ComputeManagementClient;
    readonly network: NetworkManagementClient;
    readonly resources: ResourceManagementClient;
}

/**
 * SDK clients for one subscription, pointed at the configured cloud. The endpoint and the token scope
 * are always passed: without the scope the clients ask for a token for the public cloud.
 */
export async function createArmClients(cloud: CloudConfig, credential: TokenCredential, subscriptionId: string): Promise<ArmClients> {
    const sdk = await loadSdk();
    const options = { endpoint: cloud.resourceManagerEndpoint, credentials: { scopes: [cloud.armScope] } };
    return {
        compute: new sdk.ComputeManagementClient(credential, subscriptionId, options),
        network: new sdk.NetworkManagementClient(credential, subscriptionId, options),
        resources: new sdk.ResourceManagementClient(credential, subscriptionId, options),
    };
}
