import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { EngineAccess } from '../../azure/create/plan';
import { defaultTlsPort } from '../../azure/create/validatePort';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

/**
 * Advanced mode: how the engine is reached. TLS on its port, or SSH only (dockerd on its unix socket,
 * no Docker port open), which needs the private key of the chosen SSH key on this computer.
 */
export class EngineAccessStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    constructor(private readonly preferred: () => EngineAccess) {
        super();
    }

    public override async configureBeforePrompt(context: CreateDockerHostContext): Promise<void> {
        // Basic mode takes the setting, so the review shows the ports that will open.
        if (context.advanced === false) {
            context.engineAccess ??= this.preferred();
        }
    }

    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks: IAzureQuickPickItem<EngineAccess>[] = [
            { label: vscode.l10n.t('TLS on port {0}', defaultTlsPort), description: vscode.l10n.t('Docker\'s TCP port with client certificates; SSH (22) open too'), data: 'tls' },
            { label: vscode.l10n.t('SSH only'), description: vscode.l10n.t('No Docker port open: the engine is reached through SSH (22)'), data: 'ssh' },
        ];
        const preferred = this.preferred();
        picks.sort((a, b) => Number(b.data === preferred) - Number(a.data === preferred));
        const access = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Engine access'), suppressPersistence: true })).data;
        const key = context.sshKey;
        if (access === 'ssh' && key && !key.privateKeyPath) {
            context.errorHandling.suppressReportIssue = true;
            throw new Error(vscode.l10n.t('SSH only needs the private key of {0} on this computer, beside the .pub file; none was found. Nothing was created. Choose a key pair whose private key is here, or generate a new one.', key.path));
        }
        context.engineAccess = access;
    }

    public override undo(context: CreateDockerHostContext): void {
        context.engineAccess = undefined;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && context.engineAccess === undefined;
    }
}
