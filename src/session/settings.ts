import * as vscode from 'vscode';
import { checkLookupUrl, lookupPublicIp } from '../azure/create/publicIpLookup';
import { resolveCloud, type CloudConfig, type CustomEnvironmentSetting } from '../azure/cloud';
import type { EngineAccess } from '../azure/create/plan';
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
        if (e.affectsConfiguration('microsoft-sovereign-cloud') || e.affectsConfiguration(`${settingsSection}.authentication`) || e.affectsConfiguration(`${settingsSection}.selectedSubscriptions`) || e.affectsConfiguration(`${settingsSection}.showDanglingImages`)) {
            listener();
        }
    });
}

export type CreateMode = 'basic' | 'advanced' | 'ask';

/** The settings the Create Docker Host VM command reads. */
export function createSettings(): { mode: CreateMode; engineReadyTimeoutSeconds: number; engineAccess: EngineAccess } {
    const config = vscode.workspace.getConfiguration(settingsSection);
    return {
        mode: config.get<CreateMode>('createMode', 'basic'),
        engineAccess: config.get<EngineAccess>('engineAccess', 'tls') === 'ssh' ? 'ssh' : 'tls',
        engineReadyTimeoutSeconds: config.get<number>('engineReadyTimeoutSeconds', 600),
    };
}

/** The settings the engine explorer reads. */
export function engineSettings(): { timeoutSeconds: number; showDanglingImages: boolean } {
    const config = vscode.workspace.getConfiguration(settingsSection);
    return { timeoutSeconds: config.get<number>('engineTimeoutSeconds', 30), showDanglingImages: config.get<boolean>('showDanglingImages', false) };
}

/** The limit for each Azure Resource Manager request (azureDockerHosts.azureRequestTimeoutSeconds). */
export function azureRequestTimeoutMs(): number {
    return vscode.workspace.getConfiguration(settingsSection).get<number>('azureRequestTimeoutSeconds', 60) * 1000;
}

/**
 * Starts the public IP lookup (azureDockerHosts.publicIpLookupUrl, application scope, so a workspace
 * cannot choose the firewall source). Throws at once for a URL that is not https: or loopback.
 */
export function startPublicIpLookup(): Promise<string | undefined> {
    const url = vscode.workspace.getConfiguration(settingsSection).get<string>('publicIpLookupUrl', 'https://api.ipify.org');
    const checked = checkLookupUrl(url);
    if (typeof checked === 'string') {
        throw new Error(checked);
    }
    return lookupPublicIp(url);
}
