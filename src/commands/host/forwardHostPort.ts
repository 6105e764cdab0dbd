import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { pickHost } from '../pickHost';
import type { Services } from '../services';
import { announceForward, askLocalPort, startForward, validatePort } from './startForward';

/**
 * Forward Port to Localhost… on a host: any TCP port of the VM (a container on the host network,
 * a swarm's published port, a service outside Docker) to 127.0.0.1, over SSH, with no firewall rule.
 */
export async function forwardHostPortCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    const remote = await context.ui.showInputBox({
        prompt: vscode.l10n.t('TCP port on the VM {0} to forward', item.host.name),
        placeHolder: '8080',
        validateInput: (v) => validatePort(v, false),
    });
    const forward = await startForward(context, services, item, Number(remote), await askLocalPort(context));
    await announceForward(forward, item.host.name);
}
