import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { requireTlsAccess } from './requireTlsAccess';
import { engineAddress } from '../../host/dockerHost';
import { dockerEnvironmentVariables } from '../../docker/dockerEnvironment';
import { hostCertDir } from '../../tls/hostMaterial';
import { pickHost } from '../pickHost';
import type { Services } from '../services';

/** A terminal whose docker CLI talks to the host: DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH set. */
export async function openDockerTerminalCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = await pickHost(context, services, node);
    requireTlsAccess(context, item.host, vscode.l10n.t('Open Terminal with Docker Environment'));
    const address = engineAddress(item.host);
    if (!address) {
        throw new Error(vscode.l10n.t('{0} has no public address; start the VM first.', item.host.name));
    }
    const env = dockerEnvironmentVariables({ address, port: item.host.tlsPort, certDir: await hostCertDir(services.extensionContext.globalStorageUri.fsPath, item.host) });
    vscode.window.createTerminal({ name: `docker @ ${item.host.name}`, env }).show();
}
