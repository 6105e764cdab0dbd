import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { copyAddressCommand } from './host/copyAddress';
import { createDockerContextCommand } from './host/createDockerContext';
import { deleteHostCommand } from './host/deleteHost';
import { enableDockerOnVmCommand } from './host/enableDockerOnVm';
import { openDockerTerminalCommand } from './host/openDockerTerminal';
import { openInPortalCommand } from './host/openInPortal';
import { openSshTerminalCommand } from './host/openSshTerminal';
import { restartVmCommand } from './host/restartVm';
import { rotateCertificatesCommand } from './host/rotateCertificates';
import { startVmCommand } from './host/startVm';
import { stopVmCommand } from './host/stopVm';
import { viewPropertiesCommand } from './host/viewProperties';
import type { HostCommandId } from '../commandIds';
import type { Services } from './services';

type HostCommand = (context: IActionContext, services: Services, node?: AzExtTreeItem) => Promise<void>;

/** The host lifecycle commands by id; package.json declares the same ids, titles and menus. */
export const hostCommands: Record<HostCommandId, HostCommand> = {
    'azureDockerHosts.startVm': startVmCommand,
    'azureDockerHosts.stopVm': stopVmCommand,
    'azureDockerHosts.restartVm': restartVmCommand,
    'azureDockerHosts.deleteHost': deleteHostCommand,
    'azureDockerHosts.openSshTerminal': openSshTerminalCommand,
    'azureDockerHosts.copyAddress': copyAddressCommand,
    'azureDockerHosts.openInPortal': openInPortalCommand,
    'azureDockerHosts.viewProperties': viewPropertiesCommand,
    'azureDockerHosts.enableDockerOnVm': enableDockerOnVmCommand,
    'azureDockerHosts.rotateCertificates': rotateCertificatesCommand,
    'azureDockerHosts.createDockerContext': createDockerContextCommand,
    'azureDockerHosts.openDockerTerminal': openDockerTerminalCommand,
};
