import type { AzExtTreeDataProvider, AzExtTreeItem, IAzExtLogOutputChannel } from '@microsoft/vscode-azext-utils';
import type * as vscode from 'vscode';
import type { AzureSession } from '../session/AzureSession';
import type { RegistrySession } from '../session/RegistrySession';
import type { HostFirewalls } from '../session/HostFirewalls';
import type { HostSchedules } from '../session/HostSchedules';
import type { LiveDocuments } from './engine/LiveDocuments';
import type { WorkspaceBindingState } from './workspace/WorkspaceBindingState';
import type { EngineRefreshManager } from '../tree/engine/EngineRefreshManager';
import type { SwarmRefreshManager } from '../tree/swarm/SwarmRefreshManager';
import type { HostEngines } from '../docker/hostEngines';

/** What the commands work with; built once in activate(). */
export interface Services {
    readonly extensionContext: vscode.ExtensionContext;
    readonly session: AzureSession;
    readonly tree: AzExtTreeDataProvider;
    readonly treeView: vscode.TreeView<AzExtTreeItem>;
    readonly output: IAzExtLogOutputChannel;
    readonly engines: HostEngines;
    readonly refreshManager: EngineRefreshManager;
    readonly swarmRefreshManager: SwarmRefreshManager;
    readonly liveDocuments: LiveDocuments;
    readonly binding: WorkspaceBindingState;
    /** The Registries view's registries and the credentials pulls and pushes use. */
    readonly registries: RegistrySession;
    readonly registriesTree: AzExtTreeDataProvider;
    readonly firewalls: HostFirewalls;
    readonly schedules: HostSchedules;
}
