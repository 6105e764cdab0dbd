import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { listPublicKeys, newKeyPath, readPublicKeyFile, type PublicKeyFile } from '../../azure/create/sshKeyFiles';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export function defaultSshDir(): string {
    return join(homedir(), '.ssh');
}

type Choice = { kind: 'file'; file: PublicKeyFile } | { kind: 'generate' } | { kind: 'browse' };

/** Picks a public key from ~/.ssh, another file, or a new ed25519 pair written into ~/.ssh. */
export class SshKeyStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    /** `existing`: the keys in sshDir when the wizard started, so the step counter knows from the start whether basic mode asks. */
    constructor(private existing: readonly PublicKeyFile[], private readonly sshDir = defaultSshDir()) {
        super();
    }

    public override async configureBeforePrompt(context: CreateDockerHostContext): Promise<void> {
        this.existing = await listPublicKeys(this.sshDir);
        // Basic mode asks only when there is no key to use (then it offers to make one); it prefers ed25519.
        if (!context.advanced && this.existing.length > 0) {
            context.sshKey = this.existing.find((f) => f.type === 'ssh-ed25519') ?? this.existing[0];
        }
    }

    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks: IAzureQuickPickItem<Choice>[] = [
            ...this.existing.map<IAzureQuickPickItem<Choice>>((file) => ({ label: file.path.split(/[\\/]/).pop()!, description: file.type, detail: file.path, data: { kind: 'file', file } })),
            { label: vscode.l10n.t('$(add) Generate a new ed25519 key pair'), description: vscode.l10n.t('in {0}', this.sshDir), data: { kind: 'generate' } },
            { label: vscode.l10n.t('$(folder-opened) Browse…'), description: vscode.l10n.t('another public key file'), data: { kind: 'browse' } },
        ];
        const choice = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select the SSH public key for the VM'), suppressPersistence: true })).data;
        if (choice.kind === 'file') {
            context.sshKey = choice.file;
        } else if (choice.kind === 'generate') {
            context.newSshKey = { privateKeyPath: await newKeyPath(this.sshDir, context.name ?? 'docker-host'), comment: `${context.adminUser ?? 'azureuser'}@${context.name ?? 'docker-host'}` };
        } else {
            const [uri] = await context.ui.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Use this public key'), filters: { 'SSH public key': ['pub'], 'All files': ['*'] } });
            const file = await readPublicKeyFile(uri.fsPath);
            if (typeof file === 'string') {
                context.errorHandling.suppressReportIssue = true;
                throw new Error(file);
            }
            context.sshKey = file;
        }
    }

    public override undo(context: CreateDockerHostContext): void {
        context.sshKey = undefined;
        context.newSshKey = undefined;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !context.sshKey && !context.newSshKey && (!!context.advanced || this.existing.length === 0);
    }
}
