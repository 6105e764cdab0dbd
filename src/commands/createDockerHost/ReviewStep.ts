import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { nsgSourcePrefix, parseSourceAddress, type SourceAddress } from '../../azure/create/parseSourceAddress';
import { defaultTlsPort } from '../../azure/create/validatePort';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import { askSourceAddress, sourceFor } from './SourceAddressStep';

/**
 * Basic mode's last question before anything is created: it shows the firewall source the public IP
 * lookup produced (which the user never typed) and lets the user change it.
 */
export class ReviewStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const tlsPort = context.tlsPort ?? defaultTlsPort;
        const ports = context.engineAccess === 'ssh' ? vscode.l10n.t('SSH (22), the engine\'s only way in,') : vscode.l10n.t('SSH (22) and Docker ({0})', tlsPort);
        let source = context.source ?? parseSourceAddress(context.detectedPublicIp ?? '');
        for (;;) {
            const rule = typeof source === 'string' ? undefined : nsgSourcePrefix(source);
            const picks: IAzureQuickPickItem<'create' | 'change'>[] = [
                {
                    label: vscode.l10n.t('$(check) Create {0}', context.name ?? ''),
                    description: rule === undefined ? undefined : vscode.l10n.t('{0} open to {1} only', ports, rule === '*' ? vscode.l10n.t('any address') : rule),
                    data: 'create',
                },
                { label: vscode.l10n.t('$(edit) Change the firewall source…'), description: context.detectedPublicIp ? vscode.l10n.t('found by the public IP lookup') : undefined, data: 'change' },
            ];
            const choice = typeof source === 'string' ? 'change' : (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Ready to create {0} in {1}', context.name ?? '', context.location ?? ''), suppressPersistence: true })).data;
            if (choice === 'create' && typeof source !== 'string') {
                context.source = source;
                return;
            }
            source = await askSourceAddress(context, sourceFor(context), typeof source === 'string' ? (context.detectedPublicIp ?? '') : sourceText(source));
        }
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.advanced;
    }
}

function sourceText(source: SourceAddress): string {
    return source.kind === 'any' ? '*' : source.prefix;
}
