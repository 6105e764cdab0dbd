import type { TokenCredential } from '@azure/core-auth';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { PipelinePolicy, PipelineRequest, PipelineResponse, SendRequest } from '@azure/core-rest-pipeline';
import type { CloudConfig } from './cloud';
import { loadSdk } from './loadSdk';
import type { Log } from '../host/log';
import { lostAttemptPolicy } from './lostAttempts';
import { requestLogPolicy } from './requestLog';
import type { TenantThrottle } from './throttle';

export interface ArmClients {
    readonly compute: ComputeManagementClient;
    readonly network: NetworkManagementClient;
    readonly resources: ResourceManagementClient;
    readonly containerRegistry: ContainerRegistryManagementClient;
    /** The subscription's locations (the create wizard's first question). */
    readonly subscriptions: SubscriptionClient;
}

export const defaultRequestTimeoutMs = 60_000;

/** Thrown when one ARM request got no answer in time; not retried, so the user hears of it at once. */
export class AzureTimeoutError extends Error {
    override readonly name = 'AzureTimeoutError';
    readonly code = 'AzureTimeout';
}

/**
 * Gives every HTTP request (each poll too) its own time limit: the SDK has none, so a hung ARM
 * call would otherwise leave a tree row or a create waiting forever.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
    return {
        name: 'azureDockerHostsRequestTimeout',
        async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
            request.timeout = timeoutMs;
            try {
                return await next(request);
            } catch (error) {
                if ((error as Error).name === 'AbortError' && !request.abortSignal?.aborted) {
                    const path = new URL(request.url).pathname;
                    throw new AzureTimeoutError(`Azure did not answer ${request.method} ${path} within ${Math.round(timeoutMs / 1000)} s`);
                }
                throw error;
            }
        },
    };
}

export interface ClientSettings {
    requestTimeoutMs?: number;
    /** Where each request is logged. */
    log?: Log;
    /** The tenant's throttle, shared by every client of the tenant. */
    throttle?: TenantThrottle;
}

/**
 * The options every SDK client gets: the configured cloud's endpoint and token scope (without the
 * scope the clients ask for a token for the public cloud), a time limit per request, and the
 * tenant's throttle.
 */
function clientOptions(cloud: CloudConfig, settings: ClientSettings) {
    return {
        endpoint: cloud.resourceManagerEndpoint,
        credentials: { scopes: [cloud.armScope] },
        additionalPolicies: [
            // First, so it logs the timeout as such, with the time it took.
            ...(settings.log ? [{ policy: requestLogPolicy(settings.log), position: 'perRetry' as const }] : []),
            { policy: requestTimeoutPolicy(settings.requestTimeoutMs ?? defaultRequestTimeoutMs), position: 'perRetry' as const },
            { policy: lostAttemptPolicy(), position: 'perRetry' as const },
            ...(settings.throttle ? [{ policy: settings.throttle.policy(), position: 'perRetry' as const }] : []),
        ],
    };
}

/** SDK clients for one subscription, pointed at the configured cloud. */
export async function createArmClients(cloud: CloudConfig, credential: TokenCredential, subscriptionId: string, settings: ClientSettings = {}): Promise<ArmClients> {
    const sdk = await loadSdk();
    const options = clientOptions(cloud, settings);
    return {
        compute: new sdk.ComputeManagementClient(credential, subscriptionId, options),
        network: new sdk.NetworkManagementClient(credential, subscriptionId, options),
        resources: new sdk.ResourceManagementClient(credential, subscriptionId, options),
        containerRegistry: new sdk.ContainerRegistryManagementClient(credential, subscriptionId, options),
        subscriptions: new sdk.SubscriptionClient(credential, options),
    };
}

/** The Resource Graph client of one tenant's credential, pointed at the configured cloud. */
export async function createResourceGraphClient(cloud: CloudConfig, credential: TokenCredential, settings: ClientSettings = {}): Promise<ResourceGraphClient> {
    const sdk = await loadSdk();
    return new sdk.ResourceGraphClient(credential, clientOptions(cloud, settings));
}
