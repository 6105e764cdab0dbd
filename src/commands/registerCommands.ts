import { registerCommand, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { tagWithCorrelation, withAzureCorrelation } from '../azure/requestLog';
import { commandIds } from '../commandIds';
import { copyDockerEnvironmentCommand } from './copyDockerEnvironment';
import { runComposeFile } from './compose/runComposeFile';
import { createDockerHostCommand } from './createDockerHost/createDockerHost';
import { createSwarmCommand } from './createSwarm/createSwarm';
import { activateNodeCommand } from './swarm/activateNode';
import { deleteSwarmCommand } from './swarm/deleteSwarm';
import { deployStackCommand } from './swarm/deployStack';
import { removeStackCommand } from './swarm/removeStack';
import { demoteNodeCommand } from './swarm/demoteNode';
import { drainNodeCommand } from './swarm/drainNode';
import { addNodesCommand } from './swarm/addNodes';
import { removeNodeCommand } from './swarm/removeNode';
import { inspectServiceCommand } from './swarm/inspectService';
import { viewServiceLogsCommand } from './swarm/viewServiceLogs';
import { promoteNodeCommand } from './swarm/promoteNode';
import { removeServiceCommand } from './swarm/removeService';
import { scaleServiceCommand } from './swarm/scaleService';
import { updateServiceImageCommand } from './swarm/updateServiceImage';
import { attachShellCommand } from './engine/container/attachShell';
import { containerStatsCommand } from './engine/container/containerStats';
import { copyContainerIdCommand } from './engine/container/copyContainerId';
import { copyContainerNameCommand } from './engine/container/copyContainerName';
import { inspectContainerCommand } from './engine/container/inspectContainer';
import { openContainerInBrowserCommand } from './engine/container/openContainerInBrowser';
import { pauseContainerCommand } from './engine/container/pauseContainer';
import { removeContainerCommand } from './engine/container/removeContainer';
import { restartContainerCommand } from './engine/container/restartContainer';
import { startContainerCommand } from './engine/container/startContainer';
import { stopContainerCommand } from './engine/container/stopContainer';
import { unpauseContainerCommand } from './engine/container/unpauseContainer';
import { viewContainerLogsCommand } from './engine/container/viewContainerLogs';
import { runProjectAction } from './engine/compose/composeProjectAction';
import { removeComposeProjectCommand } from './engine/compose/removeComposeProject';
import { viewComposeProjectLogsCommand } from './engine/compose/viewComposeProjectLogs';
import { buildImageOnHostCommand } from './engine/image/buildImageOnHost';
import { inspectImageCommand } from './engine/image/inspectImage';
import { pruneImagesCommand } from './engine/image/pruneImages';
import { pullImageCommand } from './engine/image/pullImage';
import { pushImageCommand } from './engine/image/pushImage';
import { removeImageCommand } from './engine/image/removeImage';
import { runImageCommand } from './engine/image/runImage';
import { tagImageCommand } from './engine/image/tagImage';
import { inspectNetworkCommand } from './engine/network/inspectNetwork';
import { pruneNetworksCommand } from './engine/network/pruneNetworks';
import { removeNetworkCommand } from './engine/network/removeNetwork';
import { inspectVolumeCommand } from './engine/volume/inspectVolume';
import { pruneVolumesCommand } from './engine/volume/pruneVolumes';
import { removeVolumeCommand } from './engine/volume/removeVolume';
import { closePortCommand } from './firewall/closePort';
import { openPortCommand } from './firewall/openPort';
import { updateFirewallCommand } from './firewall/updateFirewall';
import { copyAddressCommand } from './host/copyAddress';
import { createDockerContextCommand } from './host/createDockerContext';
import { deleteHostCommand } from './host/deleteHost';
import { enableDockerOnVmCommand } from './host/enableDockerOnVm';
import { openDockerTerminalCommand } from './host/openDockerTerminal';
import { openInPortalCommand } from './host/openInPortal';
import { openSshTerminalCommand } from './host/openSshTerminal';
import { openInRemoteSshCommand } from './host/openInRemoteSsh';
import { stopPortForwardCommand } from './host/stopPortForward';
import { forwardHostPortCommand } from './host/forwardHostPort';
import { forwardContainerPortCommand } from './engine/container/forwardContainerPort';
import { resizeHostCommand } from './host/resizeHost';
import { configureEngineCommand } from './host/configureEngine';
import { rotateCertificatesCommand } from './host/rotateCertificates';
import { switchEngineAccessCommand } from './host/switchEngineAccess';
import { setAutoShutdownCommand } from './host/setAutoShutdown';
import { turnOffAutoShutdownCommand } from './host/turnOffAutoShutdown';
import { runPowerAction } from './host/runPowerAction';
import { viewPropertiesCommand } from './host/viewProperties';
import { refreshCommand } from './refresh';
import { registerErrorReporting } from './reportErrors';
import { addOtherRegistryCommand } from './registry/addOtherRegistry';
import { copyImageNameCommand } from './registry/copyImageName';
import { deleteTagCommand } from './registry/deleteTag';
import { pullTagToHostCommand } from './registry/pullTagToHost';
import { removeOtherRegistryCommand } from './registry/removeOtherRegistry';
import { runTagOnHostCommand } from './registry/runTagOnHost';
import { retryHostCommand } from './retryHost';
import { selectSubscriptionsCommand } from './selectSubscriptions';
import type { Services } from './services';
import { signInCommand } from './signIn';
import { cleanUpUnfinishedCreateCommand, keepUnfinishedCreateCommand } from './unfinishedCreates';
import { bindWorkspaceCommand, unbindWorkspaceCommand, workspaceBindingMenuCommand } from './workspace/bindWorkspace';

/** A command's handler: the row it was run on (undefined from the palette) and, on multi-select, every selected row. */
type CommandHandler = (context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) => Promise<void>;

/** Every command the extension contributes, by id; package.json declares the same ids, titles and menus. */
const commands: Record<string, CommandHandler> = {
    [commandIds.signIn]: signInCommand,
    [commandIds.refresh]: (context, services) => refreshCommand(context, services),
    [commandIds.refreshSubscription]: refreshCommand,
    [commandIds.selectSubscriptions]: selectSubscriptionsCommand,
    [commandIds.createDockerHost]: createDockerHostCommand,
    [commandIds.createSwarm]: createSwarmCommand,
    [commandIds.deleteSwarm]: deleteSwarmCommand,
    [commandIds.drainNode]: drainNodeCommand,
    [commandIds.activateNode]: activateNodeCommand,
    [commandIds.promoteNode]: promoteNodeCommand,
    [commandIds.demoteNode]: demoteNodeCommand,
    [commandIds.removeNode]: removeNodeCommand,
    [commandIds.addNodes]: addNodesCommand,
    [commandIds.viewServiceLogs]: viewServiceLogsCommand,
    [commandIds.inspectService]: inspectServiceCommand,
    [commandIds.scaleService]: scaleServiceCommand,
    [commandIds.updateServiceImage]: updateServiceImageCommand,
    [commandIds.removeService]: removeServiceCommand,
    [commandIds.deployStack]: deployStackCommand,
    [commandIds.removeStack]: removeStackCommand,
    [commandIds.loadMore]: async (context, services, node) => services.tree.loadMore(node!, context),
    [commandIds.copyDockerEnvironment]: copyDockerEnvironmentCommand,
    [commandIds.retryHost]: retryHostCommand,
    [commandIds.cleanUpUnfinishedCreate]: cleanUpUnfinishedCreateCommand,
    [commandIds.keepUnfinishedCreate]: keepUnfinishedCreateCommand,

    [commandIds.startVm]: (context, services, node) => runPowerAction(context, services, 'start', node),
    'azureDockerHosts.stopVm': (context, services, node) => runPowerAction(context, services, 'deallocate', node),
    'azureDockerHosts.restartVm': (context, services, node) => runPowerAction(context, services, 'restart', node),
    'azureDockerHosts.deleteHost': deleteHostCommand,
    'azureDockerHosts.openSshTerminal': openSshTerminalCommand,
    'azureDockerHosts.openInRemoteSsh': openInRemoteSshCommand,
    'azureDockerHosts.copyAddress': copyAddressCommand,
    'azureDockerHosts.openInPortal': openInPortalCommand,
    'azureDockerHosts.viewProperties': viewPropertiesCommand,
    'azureDockerHosts.enableDockerOnVm': enableDockerOnVmCommand,
    'azureDockerHosts.rotateCertificates': rotateCertificatesCommand,
    'azureDockerHosts.switchEngineAccess': switchEngineAccessCommand,
    'azureDockerHosts.resizeHost': resizeHostCommand,
    'azureDockerHosts.configureEngine': configureEngineCommand,
    'azureDockerHosts.setAutoShutdown': setAutoShutdownCommand,
    'azureDockerHosts.turnOffAutoShutdown': turnOffAutoShutdownCommand,
    [commandIds.openPort]: openPortCommand,
    'azureDockerHosts.closePort': closePortCommand,
    [commandIds.updateFirewall]: updateFirewallCommand,
    'azureDockerHosts.createDockerContext': createDockerContextCommand,
    'azureDockerHosts.openDockerTerminal': openDockerTerminalCommand,
    'azureDockerHosts.bindWorkspace': bindWorkspaceCommand,
    'azureDockerHosts.unbindWorkspace': unbindWorkspaceCommand,
    [commandIds.workspaceBindingMenu]: workspaceBindingMenuCommand,
    'azureDockerHosts.stopPortForward': (context, _services, node) => stopPortForwardCommand(context, node),

    'azureDockerHosts.container.start': startContainerCommand,
    'azureDockerHosts.container.stop': stopContainerCommand,
    'azureDockerHosts.container.restart': restartContainerCommand,
    'azureDockerHosts.container.pause': pauseContainerCommand,
    'azureDockerHosts.container.unpause': unpauseContainerCommand,
    'azureDockerHosts.container.remove': removeContainerCommand,
    'azureDockerHosts.container.viewLogs': viewContainerLogsCommand,
    'azureDockerHosts.container.inspect': inspectContainerCommand,
    'azureDockerHosts.container.attachShell': attachShellCommand,
    'azureDockerHosts.container.stats': containerStatsCommand,
    'azureDockerHosts.container.openInBrowser': openContainerInBrowserCommand,
    'azureDockerHosts.container.forwardPort': forwardContainerPortCommand,
    'azureDockerHosts.forwardHostPort': forwardHostPortCommand,
    'azureDockerHosts.container.copyId': copyContainerIdCommand,
    'azureDockerHosts.container.copyName': copyContainerNameCommand,
    'azureDockerHosts.image.run': runImageCommand,
    'azureDockerHosts.image.pull': pullImageCommand,
    'azureDockerHosts.image.inspect': inspectImageCommand,
    'azureDockerHosts.image.remove': removeImageCommand,
    'azureDockerHosts.image.prune': pruneImagesCommand,
    'azureDockerHosts.image.tag': tagImageCommand,
    'azureDockerHosts.image.push': pushImageCommand,
    'azureDockerHosts.volume.inspect': inspectVolumeCommand,
    'azureDockerHosts.volume.remove': removeVolumeCommand,
    'azureDockerHosts.volume.prune': pruneVolumesCommand,
    'azureDockerHosts.network.inspect': inspectNetworkCommand,
    'azureDockerHosts.network.remove': removeNetworkCommand,
    'azureDockerHosts.network.prune': pruneNetworksCommand,
    'azureDockerHosts.image.build': buildImageOnHostCommand,
    'azureDockerHosts.composeProject.start': (context, services, node) => runProjectAction(context, services, 'start', node),
    'azureDockerHosts.composeProject.stop': (context, services, node) => runProjectAction(context, services, 'stop', node),
    'azureDockerHosts.composeProject.restart': (context, services, node) => runProjectAction(context, services, 'restart', node),
    'azureDockerHosts.composeProject.remove': removeComposeProjectCommand,
    'azureDockerHosts.composeProject.viewLogs': viewComposeProjectLogsCommand,
    'azureDockerHosts.composeUp': (context, services, node) => runComposeFile(context, services, 'up', node),
    'azureDockerHosts.composeDown': (context, services, node) => runComposeFile(context, services, 'down', node),

    [commandIds.addOtherRegistry]: addOtherRegistryCommand,
    [commandIds.refreshRegistries]: async (context, services) => services.registriesTree.refresh(context),
    'azureDockerHosts.registry.remove': removeOtherRegistryCommand,
    'azureDockerHosts.registry.pullToHost': pullTagToHostCommand,
    'azureDockerHosts.registry.runOnHost': runTagOnHostCommand,
    'azureDockerHosts.registry.copyImageName': copyImageNameCommand,
    'azureDockerHosts.registry.deleteTag': deleteTagCommand,
};

/** Every command the extension contributes is registered here, and only here. */
export function registerCommands(services: Services): void {
    services.extensionContext.subscriptions.push(registerErrorReporting(services));
    for (const [id, handler] of Object.entries(commands)) {
        // One correlation id for all the ARM requests of one run of a command, named in its error.
        registerCommand(id, (context: IActionContext, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) => withAzureCorrelation(async (correlationId) => {
            try {
                await handler(context, services, node, nodes);
            } catch (error) {
                tagWithCorrelation(error, correlationId);
                throw error;
            }
        }));
    }
}
