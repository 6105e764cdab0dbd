import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { updateServiceImage } from '../../docker/swarmActions';
import { SwarmServiceItem } from '../../tree/swarm/SwarmServiceItem';
import type { Services } from '../services';
import { changeSwarm } from './swarmTarget';

/** Update Image…: asks for the new image; the swarm replaces the tasks one at a time. */
export async function updateServiceImageCommand(context: IActionContext, _services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!(node instanceof SwarmServiceItem)) {
        throw new Error(vscode.l10n.t('Run Update Image from a service under a swarm in the Docker Hosts view.'));
    }
    const current = node.row.description.split(' · ')[0];
    const image = (await context.ui.showInputBox({ prompt: vscode.l10n.t('New image for {0} (a rolling update)', node.row.label), value: current, validateInput: (v) => (v.trim() && !/\s/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an image reference, such as nginx:1.27.')) })).trim();
    await changeSwarm(context, node, vscode.l10n.t('Updating {0} to {1}', node.row.label, image), (manager) => updateServiceImage(manager, node.row.serviceId, image));
}
