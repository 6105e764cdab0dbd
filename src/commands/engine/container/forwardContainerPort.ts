import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { startPortForward, type PortForward } from '../../../ssh/portForward';
import { connectSsh } from '../../../ssh/sshConnection';
import { containerContexts, type ContainerItem } from '../../../tree/engine/ContainerItem';
import { hostSshTarget, withKnownKey } from '../../host/hostSsh';
import { hostTarget } from '../../host/hostTarget';
import { forwardRegistry } from '../../../ssh/forwardRegistry';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';
import { pickContainers } from '../engineItems';
import { markWalkthroughStep, walkthroughSteps } from '../../../tree/walkthroughProgress';

/**
 * Forward Port to Localhost: 127.0.0.1:<free or chosen port> carries each connection through an
 * SSH connection to the container's published port on the VM. No firewall rule is needed; the
 * forward ends with the window, or with Stop Port Forward.
 */
export async function forwardContainerPortCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const ports = [...new Set(item.container.ports.filter((p) => p.publicPort && p.protocol === 'tcp').map((p) => p.publicPort!))];
    if (ports.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} publishes no TCP port on the VM. Run it with a port mapping (for example 8080:80) to forward it.', item.container.name));
    }
    const remotePort = ports.length === 1 ? ports[0] : (await context.ui.showQuickPick(ports.map<IAzureQuickPickItem<number>>((p) => ({ label: String(p), data: p })),
        { placeHolder: vscode.l10n.t('Which published port of {0}?', item.container.name) })).data;
    const chosen = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Local port on 127.0.0.1 (leave empty for a free one)'),
        value: '',
        validateInput: (v) => v.trim() === '' || (/^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 65535) ? undefined : vscode.l10n.t('Enter a port from 1 to 65535, or nothing.'),
    });
    const localPort = chosen.trim() === '' ? 0 : Number(chosen);
    const forward = await startContainerForward(context, services, item, remotePort, localPort);
    const url = `http://localhost:${forward.localPort}`;
    const open = vscode.l10n.t('Open in Browser');
    const answer = await vscode.window.showInformationMessage(vscode.l10n.t('Port {0} of {1} is forwarded to {2}.', remotePort, item.container.name, url), open);
    if (answer === open) {
        await vscode.env.openExternal(vscode.Uri.parse(url));
    }
}

/**
 * Starts a forward from 127.0.0.1:`localPort` (0: a free one) to `remotePort` on the container's
 * VM, shows it under the host's "Forwarded Ports", and returns it. Also for Open in Browser's
 * "Forward and Open" on a port the firewall blocks.
 */
export async function startContainerForward(context: IActionContext, services: Services, item: ContainerItem, remotePort: number, localPort: number): Promise<PortForward> {
    const { item: hostItem, deps, dir } = await hostTarget(context, services, item);
    const forward = await withCancellableProgress(vscode.l10n.t('Forwarding port {0} of {1}…', remotePort, hostItem.host.name), async (_progress, signal) => {
        const target = withKnownKey(context, await hostSshTarget(context, hostItem, deps, dir, signal));
        const ssh = await connectSsh(target, signal);
        try {
            const started = await startPortForward(ssh, remotePort, localPort);
            forwardRegistry.add({ hostId: hostItem.host.id.toLowerCase(), hostName: hostItem.host.name, containerName: item.container.name, forward: started }, () => {
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
