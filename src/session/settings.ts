import * as vscode from 'vscode';
import { resolveCloud, type CloudConfig, type CustomEnvironmentSetting } from '../azure/cloud';
import type { AuthenticationKind } from '../azure/subscriptions';

export const settingsSection = 'azureDockerHosts';

export function authenticationSetting(): AuthenticationKind {
    return vscode.workspace.getConfiguration(settingsSection).get<AuthenticationKind>('authentication', 'vscode');
}

export function selectedSubscriptionIds(): string[] {
    return vscode.workspace.getConfiguration(settingsSection).get<string[]>('selectedSubscriptions', []);
}

export async function setSelectedSubscriptionIds(ids: string[]): Promise<void> {
    await vscode.workspace.getConfiguration(settingsSection).update('selectedSubscriptions', ids, vscode.ConfigurationTarget.Global);
}

/** The cloud from the settings VS Code's Microsoft account also uses. */
export function configuredCloud(): CloudConfig {
    const config = vscode.workspace.getConfiguration('microsoft-sovereign-cloud');
    return resolveCloud(config.get<string>('environment'), config.get<CustomEnvironmentSetting>('customEnvironment'));
}

/** Fires when a setting that changes what the tree shows changes. */
export function onDidChangeTreeSettings(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('microsoft-sovereign-cloud') || e.affectsConfiguration(`${settingsSection}.authentication`) || e.affectsConfiguration(`${settingsSection}.selectedSubscriptions`)) {
            listener();
        }
    });
}
