import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { attachShellCommand } from './engine/container/attachShell';
import { containerStatsCommand } from './engine/container/containerStats';
import { copyContainerIdCommand } from './engine/container/copyContainerId';
import { copyContainerNameCommand } from './engine/container/copyContainerName';
import { inspectContainerCommand } from './engine/container/inspectContainer';
import { inspectImageCommand } from './engine/image/inspectImage';
import { inspectNetworkCommand } from './engine/network/inspectNetwork';
import { inspectVolumeCommand } from './engine/volume/inspectVolume';
import { openContainerInBrowserCommand } from './engine/container/openContainerInBrowser';
import { pauseContainerCommand } from './engine/container/pauseContainer';
import { pruneImagesCommand } from './engine/image/pruneImages';
import { pruneNetworksCommand } from './engine/network/pruneNetworks';
import { pruneVolumesCommand } from './engine/volume/pruneVolumes';
import { pullImageCommand } from './engine/image/pullImage';
import { removeContainerCommand } from './engine/container/removeContainer';
import { removeImageCommand } from './engine/image/removeImage';
import { removeNetworkCommand } from './engine/network/removeNetwork';
import { removeVolumeCommand } from './engine/volume/removeVolume';
import { restartContainerCommand } from './engine/container/restartContainer';
import { runImageCommand } from './engine/image/runImage';
import { startContainerCommand } from './engine/container/startContainer';
import { stopContainerCommand } from './engine/container/stopContainer';
import { unpauseContainerCommand } from './engine/container/unpauseContainer';
import { viewContainerLogsCommand } from './engine/container/viewContainerLogs';
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
