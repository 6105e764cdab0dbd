import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { attachShellCommand } from './engine/attachShell';
import { containerStatsCommand } from './engine/containerStats';
import { copyContainerIdCommand } from './engine/copyContainerId';
import { copyContainerNameCommand } from './engine/copyContainerName';
import { inspectContainerCommand } from './engine/inspectContainer';
import { inspectImageCommand } from './engine/inspectImage';
import { inspectNetworkCommand } from './engine/inspectNetwork';
import { inspectVolumeCommand } from './engine/inspectVolume';
import { openContainerInBrowserCommand } from './engine/openContainerInBrowser';
import { pauseContainerCommand } from './engine/pauseContainer';
import { pruneImagesCommand } from './engine/pruneImages';
import { pruneNetworksCommand } from './engine/pruneNetworks';
import { pruneVolumesCommand } from './engine/pruneVolumes';
import { pullImageCommand } from './engine/pullImage';
import { removeContainerCommand } from './engine/removeContainer';
import { removeImageCommand } from './engine/removeImage';
import { removeNetworkCommand } from './engine/removeNetwork';
import { removeVolumeCommand } from './engine/removeVolume';
import { restartContainerCommand } from './engine/restartContainer';
import { runImageCommand } from './engine/runImage';
import { startContainerCommand } from './engine/startContainer';
import { stopContainerCommand } from './engine/stopContainer';
import { unpauseContainerCommand } from './engine/unpauseContainer';
import { viewContainerLogsCommand } from './engine/viewContainerLogs';
import type { Services } from './services';

type EngineCommand = (context: IActionContext, services: Services, node?: AzExtTreeItem, nodes?: AzExtTreeItem[]) => Promise<void>;

/** The engine explorer's commands by id; package.json declares the same ids, titles and menus. */
export const engineCommands: Record<string, EngineCommand> = {
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
    'azureDockerHosts.container.copyId': copyContainerIdCommand,
    'azureDockerHosts.container.copyName': copyContainerNameCommand,
    'azureDockerHosts.image.run': runImageCommand,
    'azureDockerHosts.image.pull': pullImageCommand,
    'azureDockerHosts.image.inspect': inspectImageCommand,
    'azureDockerHosts.image.remove': removeImageCommand,
    'azureDockerHosts.image.prune': pruneImagesCommand,
    'azureDockerHosts.volume.inspect': inspectVolumeCommand,
    'azureDockerHosts.volume.remove': removeVolumeCommand,
    'azureDockerHosts.volume.prune': pruneVolumesCommand,
    'azureDockerHosts.network.inspect': inspectNetworkCommand,
    'azureDockerHosts.network.remove': removeNetworkCommand,
    'azureDockerHosts.network.prune': pruneNetworksCommand,
};
