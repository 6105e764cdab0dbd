import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { access } from 'node:fs/promises';
import { hostDir } from '../host/hostFiles';
import { ancestorOf } from '../tree/ancestorOf';
import { dockerHostContext, DockerHostItem } from '../tree/DockerHostItem';
import type { Services } from './services';

/** The host a command runs on: the row it was run from (or a row under it), or one the user picks (from the palette). */
export async function pickHost(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<DockerHostItem> {
    const row = ancestorOf(node, DockerHostItem);
    if (row) {
        return row;
    }
    return services.tree.showTreeItemPicker<DockerHostItem>(new RegExp(`^${dockerHostContext}`), context);
}

/** The folder with the host's client TLS material, or an error naming why it is not there. */
export async function hostCertDir(services: Services, item: DockerHostItem): Promise<string> {
    const dir = hostDir(services.context.globalStorageUri.fsPath, item.host);
    try {
        await access(`${dir}/key.pem`);
        return dir;
    } catch {
        throw new Error(
            `There is no TLS client certificate for ${item.host.name} on this computer. Hosts created elsewhere need their certificates; rotate them with "Rotate TLS Certificates" to make new ones here.`,
        );
    }
}
