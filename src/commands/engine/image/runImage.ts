import type { AzExtTreeItem, IActionContext, IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { bindOfVolumeSpec } from '../../../docker/compose/composeFile';
import type { HostEngine } from '../../../docker/hostEngines';
import { listNetworks, runImage } from '../../../docker/operations';
import { parsePortMapping, validateContainerName, validateEnvEntry, validatePortMapping } from '../../../docker/runOptions';
import type { ImageSummary } from '../../../docker/summaries';
import { ancestorOf } from '../../../tree/ancestorOf';
import { DockerHostItem } from '../../../tree/DockerHostItem';
import { resourceContexts } from '../../../tree/engine/EngineResourceItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import { confirmBindMounts } from '../../confirmBindMounts';
import type { Services } from '../../services';
import { pickResources } from '../engineItems';

/** Asks for a name, ports, environment, network, volumes and command, then creates and starts a container. */
export async function runImageCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickResources<ImageSummary & { reference?: string }>(context, services, resourceContexts.taggedImage, node);
    await runImageOnHost(context, item.engine, item.item.reference ?? item.item.id, ancestorOf(item, DockerHostItem));
}

/** Run Image's prompts and run for an image known by reference (a row, or a build that just ended). */
export async function runImageOnHost(context: IActionContext, engine: HostEngine, image: string, hostRow: DockerHostItem | undefined): Promise<void> {
    const client = await engine.getClient();
    const name = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Name of the new container from {0} (empty: the engine picks one)', image), validateInput: (v) => validateContainerName(v.trim()) })).trim();
    const portsText = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Ports to publish, e.g. 8080:80, 443 (empty: none). The host\'s network security group must allow them too.'),
        validateInput: (v) => v.split(',').map((p) => p.trim()).filter(Boolean).map(validatePortMapping).find(Boolean),
    });
    const ports = portsText.split(',').map((p) => p.trim()).filter(Boolean).map(parsePortMapping);
    const env: string[] = [];
    for (;;) {
        const entry = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Environment variable NAME=value ({0} so far; empty to continue)', env.length), validateInput: (v) => (v.trim() ? validateEnvEntry(v.trim()) : undefined) })).trim();
        if (!entry) {
            break;
        }
        env.push(entry);
    }
    const networks = await listNetworks(client);
    const networkPicks = networks
        .sort((a, b) => (a.name === 'bridge' ? -1 : b.name === 'bridge' ? 1 : a.name.localeCompare(b.name)))
        .map<IAzureQuickPickItem<string>>((n) => ({ label: n.name, description: n.driver, data: n.name }));
    const networkMode = (await context.ui.showQuickPick(networkPicks, { placeHolder: vscode.l10n.t('Network for the container') })).data;
    const volumesText = await context.ui.showInputBox({ prompt: vscode.l10n.t('Volumes SOURCE:TARGET, e.g. data:/data, ./site:/srv (empty: none). A path is on the VM, not on this machine.') });
    const volumes = volumesText.split(',').map((v) => v.trim()).filter(Boolean);
    await confirmBindMounts(context, volumes.map((v) => bindOfVolumeSpec(v)).filter((b) => b !== undefined), engine.host.name);
    const command = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Command (empty: the image\'s default)'), placeHolder: vscode.l10n.t('e.g. sh -c "echo hello; sleep 3600"') })).trim();
    const created = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting a container from {0}…', image) }, () =>
        runImage(client, { image, name: name || undefined, ports, env, networkMode, volumes, cmd: command ? ['sh', '-c', command] : undefined }),
    );
    await refreshAfterAction(context, [hostRow?.groups.get('container')]);
    void vscode.window.showInformationMessage(vscode.l10n.t('Started container {0} on {1}.', name || created.id.slice(0, 12), engine.host.name));
}
