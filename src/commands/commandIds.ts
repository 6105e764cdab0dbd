/** Every command id, in one place; package.json declares the same ids. */
export const commandIds = {
    signIn: 'azureDockerHosts.signIn',
    refresh: 'azureDockerHosts.refresh',
    refreshSubscription: 'azureDockerHosts.refreshSubscription',
    selectSubscriptions: 'azureDockerHosts.selectSubscriptions',
    createDockerHost: 'azureDockerHosts.createDockerHost',
    loadMore: 'azureDockerHosts.loadMore',
    copyDockerEnvironment: 'azureDockerHosts.copyDockerEnvironment',
    retryHost: 'azureDockerHosts.retryHost',
    startVm: 'azureDockerHosts.startVm',
} as const;
