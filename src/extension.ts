import { AzExtTreeDataProvider, callWithTelemetryAndErrorHandling, createAzExtLogOutputChannel, registerUIExtensionVariables, type AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { journalIn } from './azure/create/runJournal';
import { commandIds } from './commandIds';
import { LiveDocuments } from './commands/engine/LiveDocuments';
import { registerCommands } from './commands/registerCommands';
import { WorkspaceBindingState } from './commands/workspace/WorkspaceBindingState';
import { notifyInterruptedCreates } from './commands/unfinishedCreates';
import type { Services } from './commands/services';
import { HostFirewalls } from './session/HostFirewalls';
import { AzureSession } from './session/AzureSession';
import { RegistrySession } from './session/RegistrySession';
import { engineSettings, onDidChangeTreeSettings } from './session/settings';
import { EngineRefreshManager } from './tree/engine/EngineRefreshManager';
import { HostEngines } from './docker/hostEngines';
import { HostsRootItem } from './tree/HostsRootItem';
import { forwardRegistry } from './ssh/forwardRegistry';
import { RegistriesRootItem } from './tree/registry/RegistriesRootItem';

/** The extension's public API, for other extensions and for the extension-host tests. */
export interface AzureDockerHostsApi {
    readonly apiVersion: '0.1.0';
    readonly tree: AzExtTreeDataProvider;
}

export function activate(extensionContext: vscode.ExtensionContext): AzureDockerHostsApi {
    const output = createAzExtLogOutputChannel('Azure Docker Hosts');
    registerUIExtensionVariables({ context: extensionContext, outputChannel: output });
    const session = new AzureSession(output);
    const engines = new HostEngines(() => extensionContext.globalStorageUri.fsPath, () => engineSettings().timeoutSeconds * 1000, output);
    const journal = journalIn(extensionContext.globalStorageUri.fsPath);
    const firewalls = new HostFirewalls(session);
    const root = new HostsRootItem({ session, engines, showDanglingImages: () => engineSettings().showDanglingImages, journal, log: (message) => output.info(message), firewalls });
    const tree = new AzExtTreeDataProvider(root, commandIds.loadMore);
    const treeView = vscode.window.createTreeView<AzExtTreeItem>('azureDockerHosts.hosts', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
    // Before the refresh manager, which listens to the expansion events this enables.
    const collapsibleState = tree.trackTreeItemCollapsibleState(treeView);
    const refreshManager = new EngineRefreshManager(tree, treeView, engines, output);
    const liveDocuments = new LiveDocuments();
    const binding = new WorkspaceBindingState(extensionContext, commandIds.workspaceBindingMenu);
    const registries = new RegistrySession(extensionContext, session);
    const registriesTree = new AzExtTreeDataProvider(new RegistriesRootItem(registries), commandIds.loadMore);
    const registriesView = vscode.window.createTreeView<AzExtTreeItem>('azureDockerHosts.registries', { treeDataProvider: registriesTree, showCollapseAll: true });
    const services: Services = { extensionContext, session, tree, treeView, output, engines, refreshManager, liveDocuments, binding, registries, registriesTree, firewalls };
    registerCommands(services);
    void notifyInterruptedCreates(services).catch((error: unknown) => output.warn(`Could not read the create journal: ${String(error)}`));
    extensionContext.subscriptions.push(
        output,
        session,
        tree,
        treeView,
        collapsibleState,
        refreshManager,
        engines,
        liveDocuments,
        binding,
        // Port forwards end with the window.
        { dispose: () => void forwardRegistry.closeAll() },
        registriesTree,
        registriesView,
        onDidChangeTreeSettings(() => {
            root.settingsChanged();
            registries.invalidate();
            void callWithTelemetryAndErrorHandling('settingsChanged', (actionContext) => tree.refresh(actionContext));
            void callWithTelemetryAndErrorHandling('settingsChanged', (actionContext) => registriesTree.refresh(actionContext));
        }),
    );
    return { apiVersion: '0.1.0', tree };
}

export function deactivate(): void {
    // Everything is disposed through extensionContext.subscriptions.
}
