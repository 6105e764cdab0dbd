import type { AzExtTreeDataProvider, AzExtTreeItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { ExtensionMain } from './main.lazy';
import { LazyTreeDataProvider } from './tree/LazyTreeDataProvider';

/** The extension's public API, for other extensions and for the extension-host tests. */
export interface AzureDockerHostsApi {
    readonly apiVersion: '0.1.0';
    /** Reading it loads the extension's main module, as opening the view does. */
    readonly tree: AzExtTreeDataProvider;
}

interface PackageJson {
    readonly contributes: {
        readonly commands: readonly { readonly command: string }[];
        readonly menus: { readonly commandPalette: readonly { readonly command: string; readonly when?: string }[] };
    };
}

/**
 * Activation loads almost nothing: VS Code activates the extension when a view opens or a command
 * runs, and both then need the main module at once, but activation itself blocks every other
 * extension on the host. So it creates the two views with stand-in providers and registers each
 * contributed command as a trampoline; the first read of a view or the first command loads the
 * main module (dist/main.lazy.js), whose command table replaces the trampolines.
 */
export function activate(extensionContext: vscode.ExtensionContext): AzureDockerHostsApi {
    const trampolines: vscode.Disposable[] = [];
    let main: ExtensionMain | undefined;
    const load = (): ExtensionMain => {
        if (!main) {
            // Before the real commands take the same ids.
            trampolines.splice(0).forEach((d) => d.dispose());
            // require, not import(): the bundler keeps it as a require of the separate bundle.
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require('./main.lazy') as typeof import('./main.lazy');
            main = mod.activateMain(extensionContext, { hosts: hostsView, registries: registriesView });
        }
        return main;
    };
    const hostsProvider = new LazyTreeDataProvider<AzExtTreeItem>(() => load().tree);
    const hostsView = vscode.window.createTreeView<AzExtTreeItem>('azureDockerHosts.hosts', { treeDataProvider: hostsProvider, showCollapseAll: true, canSelectMany: true });
    const registriesProvider = new LazyTreeDataProvider<AzExtTreeItem>(() => load().registriesTree);
    const registriesView = vscode.window.createTreeView<AzExtTreeItem>('azureDockerHosts.registries', { treeDataProvider: registriesProvider, showCollapseAll: true });
    const { commands, menus } = (extensionContext.extension.packageJSON as PackageJson).contributes;
    // Commands hidden from the palette run only from the views' rows, which exist once the main module has loaded.
    const rowOnly = new Set(menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
    for (const { command } of commands.filter((c) => !rowOnly.has(c.command))) {
        // In this extension host, executeCommand hands the arguments (tree items included) over as they are.
        trampolines.push(vscode.commands.registerCommand(command, (...args: unknown[]) => {
            load();
            return vscode.commands.executeCommand(command, ...args);
        }));
    }
    extensionContext.subscriptions.push(hostsProvider, hostsView, registriesProvider, registriesView, { dispose: () => trampolines.splice(0).forEach((d) => d.dispose()) });
    return {
        apiVersion: '0.1.0',
        get tree() {
            return load().tree;
        },
    };
}

export function deactivate(): void {
    // Everything is disposed through the extension context's subscriptions.
}
