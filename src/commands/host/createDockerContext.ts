import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { contextExists, contextNameForHost, useContext, validateContextName, writeDockerContext } from '../../docker/cliContexts';
import { writeSshDockerContext } from '../../azure/lifecycle/sshDockerContext';
import { cliContextTarget } from '../../host/dockerHost';
import { hostDir } from '../../host/hostFiles';
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
    const storageRoot = services.extensionContext.globalStorageUri.fsPath;
    let overwrite = false;
    if (await contextExists(name)) {
        const replace = { title: vscode.l10n.t('Replace') };
        await context.ui.showWarningMessage(vscode.l10n.t('A docker context named "{0}" already exists. Replace it?', name), { modal: true }, replace);
        overwrite = true;
    }
    if (item.host.engineAccess === 'ssh') {
        // ssh://user@adh-<name>, with a managed Host block in ~/.ssh/config: the key and the pinned host keys.
        context.errorHandling.suppressReportIssue = true;
        const deps = { clients: await services.session.clientsFor(item.host.subscriptionId), cloud: services.session.cloud };
        await writeSshDockerContext(deps, item.host, hostDir(storageRoot, item.host), name, { overwrite });
        return;
    }
    const tls = await readClientMaterial(await hostCertDir(storageRoot, item.host));
    await writeDockerContext({ name, tls, ...cliContextTarget(item.host) }, { overwrite });
}
