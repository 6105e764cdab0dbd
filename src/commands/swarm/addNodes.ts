import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { defaultAdminUser, ubuntuImages } from '../../azure/create/plan';
import { listPublicKeys } from '../../azure/create/sshKeyFiles';
import { describeNodeFailures } from '../../azure/create/swarmPlan';
import { swarmAddress } from '../../docker/swarmFormation';
import { createSettings } from '../../session/settings';
import { SwarmItem } from '../../tree/swarm/SwarmItem';
import { defaultSshDir } from '../createDockerHost/SshKeyStep';
import { loadProvisioning } from '../loadProvisioning';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { swarmTarget } from './swarmTarget';

/**
 * Add Node(s)…: asks how many workers and which public key of ~/.ssh, then creates them like the
 * swarm's first manager (its size and TLS port; Ubuntu, the default user) and joins them.
 */
export async function addNodesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmItem)) {
        throw new Error(vscode.l10n.t('Run Add Node(s) from a swarm\'s row in the Docker Hosts view.'));
    }
    const { swarm, manager } = await swarmTarget(node);
    const host = swarm.managerEngine!.host;
    const count = Number((await context.ui.showInputBox({
        prompt: vscode.l10n.t('Number of workers to add to swarm {0}', swarm.swarmName),
        value: '1',
        validateInput: (text) => (/^[1-9]\d*$/.test(text.trim()) ? undefined : vscode.l10n.t('Enter a whole number, 1 or more.')),
    })).trim());
    const keys = await listPublicKeys(defaultSshDir());
    if (keys.length === 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('No public key was found in {0}. Put the public key of the swarm\'s nodes there (a .pub file), then add nodes again.', defaultSshDir()));
    }
    const key = keys.length === 1 ? keys[0] : (await context.ui.showQuickPick(keys.map((k) => ({ label: basename(k.path), description: k.type, data: k })), { placeHolder: vscode.l10n.t('SSH public key of the new nodes') })).data;
    const privateIp = await swarmAddress(manager);
    const clients = await services.session.clientsFor(host.subscriptionId);
    const credential = await services.session.credentialFor(host.subscriptionId);
    const outcome = await withCancellableProgress(vscode.l10n.t('Adding {0} worker(s) to swarm {1}', count, swarm.swarmName), (progress, signal) =>
        loadProvisioning().addSwarmNodes({
            plan: { subscriptionId: host.subscriptionId, name: swarm.swarmName, location: host.location, vmSize: host.size, image: ubuntuImages[0], adminUser: defaultAdminUser, sshPublicKey: key.key, tlsPort: host.tlsPort, resourceGroup: host.resourceGroup },
            workers: count,
            manager: { name: host.name, client: manager, privateIp },
            cloud: services.session.cloud, credential, clients, storageRoot: services.extensionContext.globalStorageUri.fsPath,
            sshPrivateKeyPath: key.privateKeyPath, signal, engineTimeoutMs: createSettings().engineReadyTimeoutSeconds * 1000,
            onEvent: (event) => event.type === 'start' && progress.report({ message: `${event.nodeId.split('/')[0]}: ${event.label}…` }),
        }),
    );
    await swarm.parent?.refresh(context);
    const added = outcome.added.map((n) => n.name).join(', ');
    if (outcome.failed.length > 0) {
        context.errorHandling.suppressReportIssue = true;
        const message = vscode.l10n.t('Not added to swarm {0}, and deleted again: {1}', swarm.swarmName, describeNodeFailures(outcome.failed));
        throw new Error(added ? `${vscode.l10n.t('Added {0} to swarm {1}.', added, swarm.swarmName)} ${message}` : message);
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Added {0} to swarm {1}.', added, swarm.swarmName));
}
