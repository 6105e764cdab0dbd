import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { pickRegistry } from './pickRegistryItems';

/** Removes an added registry and its saved password. Nothing in the registry changes. */
export async function removeOtherRegistryCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const registry = await pickRegistry(context, services, node, /other/);
    await context.ui.showWarningMessage(vscode.l10n.t('Remove {0} and its saved password from VS Code? The registry itself is not changed.', registry.server), { modal: true }, { title: vscode.l10n.t('Remove') });
    await services.registries.removeOtherRegistry(registry.server);
    await services.registriesTree.refresh(context);
}
