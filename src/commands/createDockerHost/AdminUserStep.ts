import { AzureWizardPromptStep } from '@microsoft/vscode-azext-utils';
import { defaultAdminUser } from '../../azure/create/plan';
import { validateAdminUser } from '../../azure/create/validateAdminUser';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export class AdminUserStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        context.adminUser = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Admin user name for SSH'), value: context.adminUser ?? defaultAdminUser, validateInput: validateAdminUser })).trim();
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && !context.adminUser;
    }
}
