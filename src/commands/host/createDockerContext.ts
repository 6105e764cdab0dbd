import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { contextExists, contextNameForHost, useContext, validateContextName, writeDockerContext } from '../../docker/cliContexts';
import { cliContextTarget } from '../../host/dockerHost';
import { readClientMaterial } from '../../tls/storage';
import { hostCertDir } from '../../tls/hostMaterial';
import type { DockerHostItem } from '../../tree/DockerHostItem';
import { pickHost } from '../pickHost';
import type { Services } from '../services';

/** Writes a docker CLI context for the host, so `docker --context <name> ps` works in any terminal. */
export async function createDockerContextCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    const name = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Name of the docker context'), value: contextNameForHost(item.host.name), validateInput: (v) => validateContextName(v.trim()) })).trim();
    await writeHostContext(context, services, item, name);
    const use = 'Use Context';
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Created docker context "{0}". Try: docker --context {1} ps', name, name), use);
    if (choice === use) {
        await useContext(name);
        void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" is now the docker CLI\'s current context.', name));
    }
}

/** Writes the host's context under `name`; a context of that name is replaced only after the user agrees. */
export async function writeHostContext(context: IActionContext, services: Services, item: DockerHostItem, name: string): Promise<void> {
    const tls = await readClientMaterial(await hostCertDir(services.extensionContext.globalStorageUri.fsPath, item.host));
    let overwrite = false;
    if (await contextExists(name)) {
        const replace = { title: vscode.l10n.t('Replace') };
        await context.ui.showWarningMessage(vscode.l10n.t('A docker context named "{0}" already exists. Replace it?', name), { modal: true }, replace);
        overwrite = true;
    }
    await writeDockerContext({ name, tls, ...cliContextTarget(item.host) }, { overwrite });
}
