import { AzureWizardPromptStep, DialogResponses, parseError, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { parseSourceAddress, sourceWarning, type SourceAddress } from '../../azure/create/parseSourceAddress';
import { defaultTlsPort } from '../../azure/create/validatePort';
import type { FirewallContext } from './CreateDockerHostContext';

/** Back and Cancel of the warning, which azext-utils throws (matched by name, as AzureWizard does). */
function declinedWarning(error: unknown): boolean {
    const type = parseError(error).errorType;
    return type === 'GoBackError' || type === 'UserCancelledError';
}

/** What a source is asked for: the create's ports 22 and TLS, or one port that Open Port opens ("port 8080/tcp"). */
export type SourceFor = { readonly tlsPort: number } | { readonly port: string };

/**
 * Asks for the source of ports 22 and the TLS port (or of one port) until it is valid and, when it
 * is "any" or very broad, confirmed. Back or Cancel on the warning asks for the source again instead
 * of leaving the wizard; Escape at the prompt itself still ends the command.
 */
export async function askSourceAddress(context: IActionContext, target: SourceFor, initial: string): Promise<SourceAddress> {
    let typed = initial;
    for (;;) {
        typed = await context.ui.showInputBox({
            prompt: 'tlsPort' in target
                ? vscode.l10n.t('Allowed source for ports 22 and {0}: an IP address or CIDR range', target.tlsPort)
                : vscode.l10n.t('Allowed source for {0}: an IP address or CIDR range (your current IP by default)', target.port),
            value: typed,
            placeHolder: vscode.l10n.t('203.0.113.7 or 203.0.113.0/24'),
            validateInput: (v) => {
                const parsed = parseSourceAddress(v);
                return typeof parsed === 'string' ? parsed : undefined;
            },
        });
        const source = parseSourceAddress(typed);
        if (typeof source === 'string') {
            continue;
        }
        const warning = sourceWarning(source, 'port' in target ? target.port : undefined);
        if (!warning) {
            return source;
        }
        const open = { title: source.kind === 'any' ? vscode.l10n.t('Allow from any address') : vscode.l10n.t('Allow from {0}', source.prefix) };
        try {
            // Inside a wizard azext-utils adds Back; it and Cancel throw, and both mean "ask again".
            if ((await context.ui.showWarningMessage(vscode.l10n.t('{0} Allow it?', warning), { modal: true }, open, DialogResponses.cancel)) === open) {
                return { ...source, confirmed: true };
            }
        } catch (error) {
            if (!declinedWarning(error)) {
                throw error;
            }
        }
    }
}

/** The ports the source opens: 22 and the TLS port, or 22 alone for an SSH-only host. */
export function sourceFor(context: FirewallContext): SourceFor {
    return context.engineAccess === 'ssh' ? { port: '22' } : { tlsPort: context.tlsPort ?? defaultTlsPort };
}

/** Where SSH and the engine may be reached from: the user's own IP by default; any address only after a warning. */
export class SourceAddressStep extends AzureWizardPromptStep<FirewallContext> {
    public override async configureBeforePrompt(context: FirewallContext): Promise<void> {
        context.detectedPublicIp ??= await context.publicIpLookup;
    }

    public async prompt(context: FirewallContext): Promise<void> {
        context.source = await askSourceAddress(context, sourceFor(context), context.detectedPublicIp ?? '');
    }

    public shouldPrompt(context: FirewallContext): boolean {
        // Basic mode's ReviewStep shows the source (and asks for one when the lookup found none), so the
        // step counter can count this step from the start: it does not depend on the lookup's answer.
        return !context.source && !!context.advanced;
    }
}
