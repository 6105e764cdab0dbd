import * as vscode from 'vscode';
import { listAzureRegistries, type AzureRegistry } from '../azure/containerRegistries';
import { registryLoginSources } from '../azure/registryLoginSources';
import { RegistryLogins } from '../registry/registryLogins';
import type { AzureSession } from './AzureSession';
import { engineSettings } from './settings';

/** An "other registry" the user added; its password lives in SecretStorage only. */
export interface OtherRegistry {
    /** host[:port], lower case. */
    readonly server: string;
    readonly username: string;
}

const otherRegistriesKey = 'azureDockerHosts.otherRegistries';
const secretKey = (server: string) => `azureDockerHosts.registryPassword/${server}`;

/**
 * The registries the Registries view shows and the engine commands sign in to: the Azure
 * Container Registries of the selected subscriptions (listed once per refresh), and the other
 * registries the user added (server and username in global state, the password or token in
 * SecretStorage, never in settings).
 */
export class RegistrySession {
    private azure: Promise<AzureRegistry[]> | undefined;
    readonly logins: RegistryLogins;

    constructor(private readonly extensionContext: vscode.ExtensionContext, private readonly session: AzureSession) {
        this.logins = new RegistryLogins(registryLoginSources({
            get cloud() {
                return session.cloud;
            },
            registries: () => this.azureRegistries().catch(() => []),
            credentialFor: (subscriptionId) => session.credentialFor(subscriptionId),
            savedPassword: (server) => this.savedPassword(server),
            get timeoutMs() {
                return engineSettings().timeoutSeconds * 1000;
            },
        }));
    }

    /** The Azure Container Registries of the selected subscriptions, sorted by name. */
    azureRegistries(): Promise<AzureRegistry[]> {
        if (!this.azure) {
            const pending = this.listAzure();
            this.azure = pending;
            pending.catch(() => this.azure === pending && (this.azure = undefined));
        }
        return this.azure;
    }

    /** Forgets the listed registries (a refresh lists them again). */
    invalidate(): void {
        this.azure = undefined;
    }

    otherRegistries(): OtherRegistry[] {
        return [...this.extensionContext.globalState.get<OtherRegistry[]>(otherRegistriesKey, [])].sort((a, b) => a.server.localeCompare(b.server));
    }

    async addOtherRegistry(server: string, username: string, password: string): Promise<void> {
        const key = server.toLowerCase();
        await this.extensionContext.secrets.store(secretKey(key), password);
        const rest = this.otherRegistries().filter((r) => r.server !== key);
        await this.extensionContext.globalState.update(otherRegistriesKey, [...rest, { server: key, username }]);
    }

    async removeOtherRegistry(server: string): Promise<void> {
        const key = server.toLowerCase();
        await this.extensionContext.secrets.delete(secretKey(key));
        await this.extensionContext.globalState.update(otherRegistriesKey, this.otherRegistries().filter((r) => r.server !== key));
    }

    private async savedPassword(server: string): Promise<{ username: string; password: string } | undefined> {
        const entry = this.otherRegistries().find((r) => r.server === server.toLowerCase());
        const password = entry && await this.extensionContext.secrets.get(secretKey(entry.server));
        return entry && password !== undefined ? { username: entry.username, password } : undefined;
    }

    private async listAzure(): Promise<AzureRegistry[]> {
        const subscriptions = await this.session.visibleSubscriptions();
        const lists = await Promise.all(subscriptions.map(async (s) =>
            listAzureRegistries(await this.session.clientsFor(s.subscriptionId), s.subscriptionId)));
        return lists.flat().sort((a, b) => a.name.localeCompare(b.name));
    }
}
