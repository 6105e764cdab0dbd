import { AzureWizardPromptStep, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { ubuntuImages, type ImageChoice } from '../../azure/create/plan';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import * as vscode from 'vscode';

export class ImageStep extends AzureWizardPromptStep<CreateDockerHostContext> {
    public async prompt(context: CreateDockerHostContext): Promise<void> {
        const picks = ubuntuImages.map<IAzureQuickPickItem<ImageChoice>>((image, i) => ({ label: image.label, description: i === 0 ? vscode.l10n.t('default') : undefined, data: image }));
        context.image = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Select the image'), suppressPersistence: true })).data;
    }

    public shouldPrompt(context: CreateDockerHostContext): boolean {
        return !!context.advanced && !context.image;
    }
}
