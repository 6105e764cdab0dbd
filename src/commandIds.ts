/** The command ids other code names (rows that run a command when clicked, follow-up buttons); the command table in commands/registerCommands.ts registers every id package.json declares. */
export const commandIds = {
    signIn: 'azureDockerHosts.signIn',
    refresh: 'azureDockerHosts.refresh',
    refreshSubscription: 'azureDockerHosts.refreshSubscription',
    selectSubscriptions: 'azureDockerHosts.selectSubscriptions',
    createDockerHost: 'azureDockerHosts.createDockerHost',
    createSwarm: 'azureDockerHosts.createSwarm',
    deleteSwarm: 'azureDockerHosts.deleteSwarm',
    loadMore: 'azureDockerHosts.loadMore',
    copyDockerEnvironment: 'azureDockerHosts.copyDockerEnvironment',
    retryHost: 'azureDockerHosts.retryHost',
    startVm: 'azureDockerHosts.startVm',
    cleanUpUnfinishedCreate: 'azureDockerHosts.cleanUpUnfinishedCreate',
    keepUnfinishedCreate: 'azureDockerHosts.keepUnfinishedCreate',
    workspaceBindingMenu: 'azureDockerHosts.workspaceBindingMenu',
} as const;
