import { AzExtTreeDataProvider, callWithTelemetryAndErrorHandling, createAzExtLogOutputChannel, registerUIExtensionVariables, type AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { commandIds } from './commands/commandIds';
import { registerCommands } from './commands/registerCommands';
import type { Services } from './commands/services';
import { AzureSession } from './session/azureSession';
import { onDidChangeTreeSettings } from './session/settings';
import { HostsRootItem } from './tree/HostsRootItem';

/** The extension's public API, for other extensions and for the extension-host tests. */
export interface AzureDockerHostsApi {
    readonly apiVersion: '0.1.0';
    readonly tree: AzExtTreeDataProvider;
}

export function activate(context: vscode.ExtensionContext): AzureDockerHostsApi {
    const output = createAzExtLogOutputChannel('Azure Docker Hosts');
    registerUIExtensionVariables({ context, outputChannel: output });
    const session = new AzureSession();
    const tree = new AzExtTreeDataProvider(new HostsRootItem(session), commandIds.loadMore);
    const treeView = vscode.window.createTreeView<AzExtTreeItem>('azureDockerHosts.hosts', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
    const services: Services = { context, session, tree, treeView, output };
    registerCommands(services);
    context.subscriptions.push(
        output,
        session,
        tree,
        treeView,
        tree.trackTreeItemCollapsibleState(treeView),
        onDidChangeTreeSettings(() => void callWithTelemetryAndErrorHandling('settingsChanged', (actionContext) => tree.refresh(actionContext))),
    );
    return { apiVersion: '0.1.0', tree };
}

export function deactivate(): void {
    // Everything is disposed through context.subscriptions.
}
