import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { validateRegistryServer } from '../../registry/imageReference';
import { RegistryClient } from '../../registry/registryClient';
import { RegistryError } from '../../registry/registryErrors';
import type { Services } from '../services';

/**
 * Adds a registry with a username and password (or token). The credentials are checked against
 * the registry first; the password goes to SecretStorage only, never to settings or the log.
 */
export async function addOtherRegistryCommand(context: IActionContext, services: Services): Promise<void> {
    const server = (await context.ui.showInputBox({
        prompt: vscode.l10n.t('Registry address (host or host:port, as in image names)'), placeHolder: vscode.l10n.t('ghcr.io'),
        validateInput: (v) => validateRegistryServer(v.trim().replace(/^https:\/\//, '').replace(/\/+$/, '')),
    })).trim().replace(/^https:\/\//, '').replace(/\/+$/, '').toLowerCase();
    const username = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Username for {0}', server), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter the username.')) })).trim();
    const password = await context.ui.showInputBox({ prompt: vscode.l10n.t('Password or access token for {0}', server), password: true, validateInput: (v) => (v ? undefined : vscode.l10n.t('Enter the password or token.')) });
    context.telemetry.properties.registry = 'other';
    const client = new RegistryClient(server, { kind: 'password', username, password }, { timeoutMs: 30_000 });
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in to {0}…', server) }, async () => {
        try {
            await client.repositories();
        } catch (error) {
            if (error instanceof RegistryError && error.kind === 'unauthorized') {
                // The general fix says to remove the registry and add it again; it was never added.
                throw new RegistryError(error.causeText, vscode.l10n.t('Nothing was saved: check the username and the password or token, then add the registry again.'), error.kind, { cause: error });
            }
            // A registry may refuse listing (Docker Hub, some tokens) and still take the credentials for pulls.
            if (!(error instanceof RegistryError) || error.kind === 'registryNotFound' || error.kind === 'signInNeeded') {
                throw error;
            }
        }
    });
    await services.registries.addOtherRegistry(server, username, password);
    // Said at once: the refresh re-lists every registry, which can take a while.
    void vscode.window.showInformationMessage(vscode.l10n.t('Added {0}. Its password is kept in VS Code\'s secret storage.', server));
    await services.registriesTree.refresh(context);
}
