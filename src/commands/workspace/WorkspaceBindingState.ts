import * as vscode from 'vscode';
import { containerToolsEnvironmentSettings, environmentBefore, withDockerContext, withoutDockerContext, type EnvironmentObject, type WorkspaceBinding } from '../../docker/workspaceBinding';
import type { DockerHost } from '../../host/dockerHost';
import { markWalkthroughStep, walkthroughSteps } from '../../tree/walkthroughProgress';

const stateKey = 'azureDockerHosts.workspaceBinding';

/**
 * The host this workspace is bound to: Container Tools' environment settings, new terminals'
 * DOCKER_CONTEXT, and a status bar item. Kept in workspace state, so a reload shows it again
 * (the terminal environment collection persists by itself).
 */
export class WorkspaceBindingState implements vscode.Disposable {
    private readonly item = vscode.window.createStatusBarItem('azureDockerHosts.binding', vscode.StatusBarAlignment.Left, 50);

    constructor(private readonly extensionContext: vscode.ExtensionContext, statusCommand: string) {
        this.item.name = vscode.l10n.t('Docker host bound to this workspace');
        this.item.command = statusCommand;
        this.show();
    }

    get current(): WorkspaceBinding | undefined {
        return this.extensionContext.workspaceState.get<WorkspaceBinding>(stateKey);
    }

    /** The binding's settings some installed extension declares (VS Code refuses to write others). */
    static declaredSettings(): string[] {
        const declared = new Set(vscode.extensions.all.flatMap((e) => configurationKeys(e.packageJSON)));
        return containerToolsEnvironmentSettings.filter((s) => declared.has(s));
    }

    async bind(host: DockerHost, contextName: string): Promise<void> {
        const previous = this.current;
        if (previous) {
            // Switching keeps what the workspace had before the first binding.
            await this.writeSettings((value, setting) => withDockerContext(withoutDockerContext(value, previous.before[setting]), contextName));
        }
        const before = previous?.before ?? Object.fromEntries(containerToolsEnvironmentSettings.map((s) => [s, environmentBefore(this.workspaceValue(s))]));
        const binding: WorkspaceBinding = { hostId: host.id, hostName: host.name, contextName, before: before as WorkspaceBinding['before'] };
        if (!previous) {
            await this.writeSettings((value) => withDockerContext(value, contextName));
        }
        await this.extensionContext.workspaceState.update(stateKey, binding);
        this.extensionContext.environmentVariableCollection.replace('DOCKER_CONTEXT', contextName);
        markWalkthroughStep(walkthroughSteps.boundWorkspace);
        this.extensionContext.environmentVariableCollection.description = vscode.l10n.t('DOCKER_CONTEXT of the Docker host bound to this workspace ({0})', host.name);
        this.show();
    }

    async unbind(): Promise<WorkspaceBinding | undefined> {
        const binding = this.current;
        if (!binding) {
            return undefined;
        }
        await this.writeSettings((value, setting) => withoutDockerContext(value, binding.before[setting]));
        await this.extensionContext.workspaceState.update(stateKey, undefined);
        this.extensionContext.environmentVariableCollection.delete('DOCKER_CONTEXT');
        this.show();
        return binding;
    }

    dispose(): void {
        this.item.dispose();
    }

    private workspaceValue(setting: string): EnvironmentObject | undefined {
        const [section, key] = splitSetting(setting);
        return vscode.workspace.getConfiguration(section).inspect<EnvironmentObject>(key)?.workspaceValue;
    }

    private async writeSettings(change: (value: EnvironmentObject | undefined, setting: (typeof containerToolsEnvironmentSettings)[number]) => EnvironmentObject | undefined): Promise<void> {
        const declared = WorkspaceBindingState.declaredSettings();
        for (const setting of containerToolsEnvironmentSettings.filter((s) => declared.includes(s))) {
            const [section, key] = splitSetting(setting);
            await vscode.workspace.getConfiguration(section).update(key, change(this.workspaceValue(setting), setting), vscode.ConfigurationTarget.Workspace);
        }
    }

    private show(): void {
        const binding = this.current;
        if (!binding) {
            this.item.hide();
            return;
        }
        this.item.text = `$(vm) ${binding.hostName}`;
        this.item.tooltip = vscode.l10n.t('This workspace uses the Docker host {0} (docker context "{1}"). Click to switch or unbind.', binding.hostName, binding.contextName);
        this.item.show();
    }
}

function splitSetting(setting: string): [string, string] {
    const dot = setting.indexOf('.');
    return [setting.slice(0, dot), setting.slice(dot + 1)];
}

/** The setting keys an extension's manifest declares (contributes.configuration is an object or an array of them). */
function configurationKeys(manifest: { contributes?: { configuration?: unknown } } | undefined): string[] {
    const configuration = manifest?.contributes?.configuration;
    const sections = (Array.isArray(configuration) ? configuration : [configuration]) as ({ properties?: Record<string, unknown> } | undefined)[];
    return sections.flatMap((s) => Object.keys(s?.properties ?? {}));
}
