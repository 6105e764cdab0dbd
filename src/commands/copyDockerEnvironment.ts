import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { requireTlsAccess } from './host/requireTlsAccess';
import { engineAddress } from '../host/dockerHost';
import { dockerEnvironmentScript, type ShellFlavour } from '../docker/dockerEnvironment';
import { hostCertDir } from '../tls/hostMaterial';
import { pickHost } from './pickHost';
import type { Services } from './services';

/** Copies DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for a host, in the shell the user picks. */
export async function copyDockerEnvironmentCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    requireTlsAccess(context, item.host, vscode.l10n.t('Copy Docker Environment'));
    const certDir = await hostCertDir(services.extensionContext.globalStorageUri.fsPath, item.host);
    const address = engineAddress(item.host);
    if (!address) {
        throw new Error(vscode.l10n.t('{0} has no public address; start the VM or check its public IP.', item.host.name));
    }
    const shells: IAzureQuickPickItem<ShellFlavour>[] = [
        { label: vscode.l10n.t('bash / zsh'), data: 'bash' },
        { label: vscode.l10n.t('fish'), data: 'fish' },
        { label: vscode.l10n.t('PowerShell'), data: 'powershell' },
        { label: vscode.l10n.t('cmd'), data: 'cmd' },
    ];
    const shell = (await context.ui.showQuickPick(shells, { placeHolder: vscode.l10n.t('Which shell are the variables for?') })).data;
    await vscode.env.clipboard.writeText(dockerEnvironmentScript({ address, port: item.host.tlsPort, certDir }, shell));
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the Docker environment for {0}. Paste it into a {1} terminal, then run docker as usual.', item.host.name, shell));
}
