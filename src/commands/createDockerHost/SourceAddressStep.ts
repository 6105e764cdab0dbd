import { AzureWizardPromptStep, DialogResponses } from '@microsoft/vscode-azext-utils';
import { parseSourceAddress } from '../../azure/create/parseSourceAddress';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

/** Where SSH and the engine may be reached from: the user's own IP by default; any address only after a warning. */
export class SourceAddressStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public override async configureBeforePrompt(context: CreateDockerHostContext): Promise<void> {
        context.detectedPublicIp ??= await context.publicIpLookup;
    }

    public async prompt(context: CreateDockerHostContext): Promise<void> {
        for (;;) {
            const value = await context.ui.showInputBox({
                prompt: `Allowed source for ports 22 and ${context.tlsPort ?? 2376}: an IP address or CIDR range`,
                value: context.detectedPublicIp ?? '',
                placeHolder: '203.0.113.7 or 203.0.113.0/24',
                validateInput: (v) => {
                    const parsed = parseSourceAddress(v);
                    return typeof parsed === 'string' ? parsed : undefined;
                },
            });
            const source = parseSourceAddress(value);
            if (typeof source === 'string') {
                continue;
            }
            if (source.kind === 'any') {
                const open = { title: 'Allow from any address' };
                const choice = await context.ui.showWarningMessage(
                    'Allowing any source exposes SSH and the Docker engine to the whole internet. The engine still requires a client certificate, but anyone can try to connect. Allow any address?',
                    { modal: true },
                    open,
                    DialogResponses.cancel,
                );
                if (choice !== open) {
                    continue;
                }
            }
            context.source = source.kind === 'any' ? { kind: 'any', confirmed: true } : source;
            return;
        }
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.source && (!!context.advanced || !context.detectedPublicIp);
    }
}
