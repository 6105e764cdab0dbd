import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import type { EngineClient } from '../../docker/engineClient';
import type { Services } from '../services';
import { runEngineAction } from './engineAction';
import { pickResources } from './engineItems';
import * as vscode from 'vscode';

/** Asks once for all the selected images, volumes or networks, then removes them together. */
export async function removeResources<T>(context: IActionContext, services: Services, node: AzExtTreeItem | undefined, nodes: AzExtTreeItem[] | undefined, contextValue: RegExp, remove: (client: EngineClient, item: T, signal: AbortSignal) => Promise<void>): Promise<void> {
    const items = await pickResources<T>(context, services, contextValue, node, nodes);
    const button = { title: vscode.l10n.t('Remove') };
    await runEngineAction(context, items, {
        verb: 'Removing',
        confirm: (all) => ({ message: vscode.l10n.t('Remove {0}? This cannot be undone.', all.map((i) => `"${i.label}"`).join(', ')), buttons: [button] }),
        run: (item, client, _choice, signal) => remove(client, item.item, signal),
    });
}
