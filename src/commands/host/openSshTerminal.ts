import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pinnedSshOptions } from '../../ssh/hostKeys';
import { connectSsh } from '../../ssh/sshConnection';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { hostSshTarget } from './hostSsh';
import { hostTarget } from './hostTarget';

/**
 * `ssh <user>@<address>` in a terminal, with the key chosen when the host was created and the
 * host keys pinned in the host's folder (never the user's own known_hosts). The connection is
 * tried first (with the host's own key, when this machine has it), so a changed host key, a
 * missing key file or a silent sshd gets a clear message instead of a terminal that closes.
 */
export async function openSshTerminalCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const target = await withCancellableProgress(vscode.l10n.t('Checking SSH to {0}…', item.host.name), async (_progress, signal) => {
        const t = await hostSshTarget(context, item, deps, dir, signal);
        if (t.privateKeyPath) {
            (await connectSsh({ ...t, privateKeyPath: t.privateKeyPath }, signal)).end();
        }
        return t;
    });
    const key = target.privateKeyPath ? ['-i', target.privateKeyPath, '-o', 'IdentitiesOnly=yes'] : [];
    const shellArgs = [...key, ...pinnedSshOptions(dir), `${target.user}@${target.address}`];
    vscode.window.createTerminal({ name: `ssh ${item.host.name}`, shellPath: 'ssh', shellArgs }).show();
}
