import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import { defaultTlsPort, parseTlsPort } from '../../azure/create/validatePort';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

export class TlsPortStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const value = await context.ui.showInputBox({
            prompt: 'Port of the Docker engine (TLS only)',
            value: String(context.tlsPort ?? defaultTlsPort),
            validateInput: (v) => {
                const parsed = parseTlsPort(v);
                return typeof parsed === 'string' ? parsed : undefined;
            },
        });
        context.tlsPort = parseTlsPort(value) as number;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && context.tlsPort === undefined;
    }
}
