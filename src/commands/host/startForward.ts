import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { startPortForward, type PortForward } from '../../ssh/portForward';
import { connectSsh } from '../../ssh/sshConnection';
import { forwardRegistry } from '../../ssh/forwardRegistry';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { markWalkthroughStep, walkthroughSteps } from '../../tree/walkthroughProgress';
import { hostSshTarget, withKnownKey } from './hostSsh';
import { hostTarget } from './hostTarget';

/** A port from 1 to 65535, or (when `optional`) nothing. */
export function validatePort(value: string, optional: boolean): string | undefined {
    const v = value.trim();
    if (optional && v === '') {
        return undefined;
    }
    return /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined
        : optional ? vscode.l10n.t('Enter a port from 1 to 65535, or nothing.') : vscode.l10n.t('Enter a port from 1 to 65535.');
}

/** The local port to listen on: one the user names, or 0 for a free one. */
export async function askLocalPort(context: IActionContext): Promise<number> {
    const chosen = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Local port on 127.0.0.1 (leave empty for a free one)'),
        value: '',
        validateInput: (v) => validatePort(v, true),
    });
    return chosen.trim() === '' ? 0 : Number(chosen);
}

/**
 * Starts a forward from 127.0.0.1:`localPort` (0: a free one) to `remotePort` on the VM of the host
 * `node` is (or is under), over its own SSH connection; shows it under the host's "Forwarded Ports"
 * and returns it. `containerName` names the container whose published port it is, if any.
 */
export async function startForward(context: IActionContext, services: Services, node: AzExtTreeItem, remotePort: number, localPort: number, containerName?: string): Promise<PortForward> {
    const { item: hostItem, deps, dir } = await hostTarget(context, services, node);
    const forward = await withCancellableProgress(vscode.l10n.t('Forwarding port {0} of {1}…', remotePort, hostItem.host.name), async (_progress, signal) => {
        const target = withKnownKey(context, await hostSshTarget(context, hostItem, deps, dir, signal));
        const ssh = await connectSsh(target, signal);
        try {
            const started = await startPortForward(ssh, remotePort, localPort);
            forwardRegistry.add({ hostId: hostItem.host.id.toLowerCase(), hostName: hostItem.host.name, containerName, forward: started }, () => {
                ssh.end();
                void hostItem.refresh(context);
            });
            return started;
        } catch (error) {
            ssh.end();
            context.errorHandling.suppressReportIssue = true;
            throw error;
        }
    });
    markWalkthroughStep(walkthroughSteps.reachedApp);
    await hostItem.refresh(context);
    return forward;
}

/** Says where the forward listens, with Open in Browser. */
export async function announceForward(forward: PortForward, what: string): Promise<void> {
    const url = `http://localhost:${forward.localPort}`;
    const open = vscode.l10n.t('Open in Browser');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Port {0} of {1} is forwarded to {2}.', forward.remotePort, what, url), open);
    if (answer === open) {
        await vscode.env.openExternal(vscode.Uri.parse(url));
    }
}
