import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { readHostRecord } from '../../host/hostFiles';
import { hostAddress } from '../../host/dockerHost';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/** `ssh <user>@<address>` in a terminal, with the key chosen when the host was created. */
export async function openSshTerminalCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const address = hostAddress(item.host);
    if (!address) {
        throw new Error(`${item.host.name} has no public address; start the VM first.`);
    }
    const record = await readHostRecord(dir);
    const user = record?.adminUser ?? (await deps.clients.compute.virtualMachines.get(item.host.resourceGroup, item.host.name)).osProfile?.adminUsername;
    if (!user) {
        throw new Error(`Cannot tell the admin user of ${item.host.name}.`);
    }
    const args = record?.sshPrivateKeyPath ? ['-i', record.sshPrivateKeyPath] : [];
    vscode.window.createTerminal({ name: `ssh ${item.host.name}`, shellPath: 'ssh', shellArgs: [...args, `${user}@${address}`] }).show();
}
