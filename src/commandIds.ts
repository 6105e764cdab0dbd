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
    cleanUpUnfinishedCreate: 'azureDockerHosts.cleanUpUnfinishedCreate',
    keepUnfinishedCreate: 'azureDockerHosts.keepUnfinishedCreate',
} as const;

/** The host lifecycle commands, implemented in hostCommands.ts. */
export const hostCommandIds = [
    'azureDockerHosts.startVm',
    'azureDockerHosts.stopVm',
    'azureDockerHosts.restartVm',
    'azureDockerHosts.deleteHost',
    'azureDockerHosts.openSshTerminal',
    'azureDockerHosts.copyAddress',
    'azureDockerHosts.openInPortal',
    'azureDockerHosts.viewProperties',
    'azureDockerHosts.enableDockerOnVm',
    'azureDockerHosts.rotateCertificates',
    'azureDockerHosts.createDockerContext',
    'azureDockerHosts.openDockerTerminal',
] as const;

export type HostCommandId = (typeof hostCommandIds)[number];
