import { AzExtTreeDataProvider, callWithTelemetryAndErrorHandling, createAzExtLogOutputChannel, registerUIExtensionVariables, type AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { journalIn } from './azure/create/runJournal';
import { engineSshTarget } from './azure/lifecycle/hostSshAccess';
import { commandIds } from './commandIds';
import { LiveDocuments } from './commands/engine/LiveDocuments';
import { registerCommands } from './commands/registerCommands';
import { WorkspaceBindingState } from './commands/workspace/WorkspaceBindingState';
import { notifyInterruptedCreates } from './commands/unfinishedCreates';
import type { Services } from './commands/services';
import { HostFirewalls } from './session/HostFirewalls';
import { HostSchedules } from './session/HostSchedules';
import { AzureSession } from './session/AzureSession';
import { RegistrySession } from './session/RegistrySession';
import { engineSettings, onDidChangeTreeSettings } from './session/settings';
import { EngineRefreshManager } from './tree/engine/EngineRefreshManager';
import { SwarmRefreshManager } from './tree/swarm/SwarmRefreshManager';
import { HostEngines } from './docker/hostEngines';
import { HostsRootItem } from './tree/HostsRootItem';
import { forwardRegistry } from './ssh/forwardRegistry';
import { RegistriesRootItem } from './tree/registry/RegistriesRootItem';

/** What the main module hands back to the activation entry point (src/extension.ts). */
export interface ExtensionMain {
    readonly tree: AzExtTreeDataProvider;
    readonly registriesTree: AzExtTreeDataProvider;
}

/** The views, created at activation with stand-in providers that forward to this module's trees. */
export interface ExtensionViews {
    readonly hosts: vscode.TreeView<AzExtTreeItem>;
    readonly registries: vscode.TreeView<AzExtTreeItem>;
}

/** Everything activation used to do, run on the first read of a view or the first command. */
export function activateMain(extensionContext: vscode.ExtensionContext, views: ExtensionViews): ExtensionMain {
    const output = createAzExtLogOutputChannel('Azure Docker Hosts');
    registerUIExtensionVariables({ context: extensionContext, outputChannel: output });
    const session = new AzureSession(output);
    // An SSH-only host's engine: its user and key from the host record, its host keys pinned from ARM.
    const engines = new HostEngines(() => extensionContext.globalStorageUri.fsPath, () => engineSettings().timeoutSeconds * 1000, output,
        async (host, dir) => engineSshTarget({ clients: await session.clientsFor(host.subscriptionId), cloud: session.cloud }, host, dir));
    const journal = journalIn(extensionContext.globalStorageUri.fsPath);
    const firewalls = new HostFirewalls(session);
    // A published port with a forward running in this window shows as forwarded.
    firewalls.forwarded = (hostId, port, protocol) => protocol === 'tcp' && forwardRegistry.forHost(hostId).some((f) => f.forward.remotePort === port);
    const schedules = new HostSchedules(session);
    const root = new HostsRootItem({ session, engines, showDanglingImages: () => engineSettings().showDanglingImages, journal, log: (message) => output.info(message), firewalls, schedules });
    const tree = new AzExtTreeDataProvider(root, commandIds.loadMore);
    const treeView = views.hosts;
    // Before the refresh manager, which listens to the expansion events this enables.
    const collapsibleState = tree.trackTreeItemCollapsibleState(treeView);
    const refreshManager = new EngineRefreshManager(tree, treeView, engines, output);
    const swarmRefreshManager = new SwarmRefreshManager(tree, treeView, output);
    const liveDocuments = new LiveDocuments();
    const binding = new WorkspaceBindingState(extensionContext, commandIds.workspaceBindingMenu);
    const registries = new RegistrySession(extensionContext, session);
    const registriesTree = new AzExtTreeDataProvider(new RegistriesRootItem(registries), commandIds.loadMore);
    const services: Services = { extensionContext, session, tree, treeView, output, engines, refreshManager, swarmRefreshManager, liveDocuments, binding, registries, registriesTree, firewalls, schedules };
    registerCommands(services);
    void notifyInterruptedCreates(services).catch((error: unknown) => output.warn(`Could not read the create journal: ${String(error)}`));
    extensionContext.subscriptions.push(
        output,
        session,
        tree,
        collapsibleState,
        refreshManager,
        swarmRefreshManager,
        engines,
        liveDocuments,
        binding,
        // Port forwards end with the window.
        { dispose: () => void forwardRegistry.closeAll() },
        registriesTree,
        onDidChangeTreeSettings(() => {
            root.settingsChanged();
            registries.invalidate();
            void callWithTelemetryAndErrorHandling('settingsChanged', (actionContext) => tree.refresh(actionContext));
            void callWithTelemetryAndErrorHandling('settingsChanged', (actionContext) => registriesTree.refresh(actionContext));
        }),
    );
    return { tree, registriesTree };
}
