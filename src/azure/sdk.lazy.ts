// The only module that loads the Azure SDK. It is bundled on its own (see scripts/build.mjs), so
// activating the extension never parses it; loadSdk() brings it in at first use.
export { ComputeManagementClient } from '@azure/arm-compute';
export { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
export { NetworkManagementClient } from '@azure/arm-network';
export { ResourceManagementClient } from '@azure/arm-resources';
export { ResourceGraphClient } from '@azure/arm-resourcegraph';
export { SubscriptionClient } from '@azure/arm-resources-subscriptions';
export { AzureCliCredential, EnvironmentCredential } from '@azure/identity';
