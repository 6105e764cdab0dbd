import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { hostAddress } from '../../host/dockerHost';
import { pickHost } from '../pickHost';
import type { Services } from '../services';

export async function copyAddressCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    const address = hostAddress(item.host);
    if (!address) {
        throw new Error(vscode.l10n.t('{0} has no public address.', item.host.name));
    }
    await vscode.env.clipboard.writeText(address);
}
