import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import { defaultTlsPort, parseTlsPort } from '../../azure/create/validatePort';
import type { FirewallContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export class TlsPortStep extends AzureWizardPromptStep<FirewallContext> {
    public async prompt(context: FirewallContext): Promise<void> {
        const value = await context.ui.showInputBox({
            prompt: vscode.l10n.t('Port of the Docker engine (TLS only)'),
            value: String(context.tlsPort ?? defaultTlsPort),
            validateInput: (v) => {
                const parsed = parseTlsPort(v);
                return typeof parsed === 'string' ? parsed : undefined;
            },
        });
        context.tlsPort = parseTlsPort(value) as number;
    }

    public shouldPrompt(context: FirewallContext): boolean {
        // An SSH-only host opens no Docker port.
        return !!context.advanced && context.tlsPort === undefined && context.engineAccess !== 'ssh';
    }
}
