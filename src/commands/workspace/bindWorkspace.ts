import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { contextNameForHost, findContextsForHost } from '../../docker/cliContexts';
import { writeHostContext } from '../host/createDockerContext';
import { pickHost } from '../pickHost';
import type { Services } from '../services';
import { WorkspaceBindingState } from './WorkspaceBindingState';

/**
 * Makes Container Tools and new terminals of this workspace use the host: its docker context (made
 * when it has none), DOCKER_CONTEXT in the workspace's settings and terminal environment.
 */
export async function bindWorkspaceCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    if (!vscode.workspace.workspaceFolders?.length) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('Open a folder first: the binding is kept in the workspace\'s settings.'));
    }
    const item = await pickHost(context, services, node);
    const existing = await findContextsForHost(item.host.id);
    const contextName = existing[0] ?? contextNameForHost(item.host.name);
    if (existing.length === 0) {
        await writeHostContext(context, services, item, contextName);
    }
    await services.binding.bind(item.host, contextName);
    void vscode.window.showInformationMessage(
        WorkspaceBindingState.declaredSettings().length > 0
            ? vscode.l10n.t('This workspace now uses {0}: Container Tools and new terminals get DOCKER_CONTEXT={1}.', item.host.name, contextName)
            : vscode.l10n.t('New terminals of this workspace now use {0} (DOCKER_CONTEXT={1}). Container Tools is not installed; once it is, bind again so that its views use the host too.', item.host.name, contextName),
    );
}

export async function unbindWorkspaceCommand(_context: IActionContext, services: Services): Promise<void> {
    const binding = await services.binding.unbind();
    void vscode.window.showInformationMessage(
        binding ? vscode.l10n.t('This workspace no longer uses {0}; its earlier Docker settings are back.', binding.hostName) : vscode.l10n.t('This workspace is not bound to a Docker host.'),
    );
}

/** The status bar item's click: switch to another host, or unbind. */
export async function workspaceBindingMenuCommand(context: IActionContext, services: Services): Promise<void> {
    const binding = services.binding.current;
    const switchHost = { label: vscode.l10n.t('$(arrow-swap) Switch to Another Docker Host…'), run: () => bindWorkspaceCommand(context, services) };
    const unbind = { label: vscode.l10n.t('$(debug-disconnect) Unbind Workspace'), description: binding?.hostName, run: () => unbindWorkspaceCommand(context, services) };
    const picked = await context.ui.showQuickPick(binding ? [switchHost, unbind] : [switchHost], { placeHolder: binding ? vscode.l10n.t('Bound to {0}', binding.hostName) : vscode.l10n.t('Bind this workspace to a Docker host') });
    await picked.run();
}
