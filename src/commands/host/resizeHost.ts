import { DialogResponses, type AzExtTreeItem, type IActionContext, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { listResizeChoices, resizeVm, type ResizeOption, type ResizeStep } from '../../azure/lifecycle/resizeVm';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/** Resize…: the sizes the VM can take in its region, restricted ones listed with why; deallocates first only when needed, after saying so. */
export async function resizeHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const name = item.host.name;
    const choices = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the sizes {0} can take…', name) }, () => listResizeChoices(deps, item.host.id));
    const describe = (s: ResizeOption) => vscode.l10n.t('{0} vCPU, {1} GB', s.vCpus, s.memoryGb);
    const open = choices.sizes.filter((s) => !s.restriction);
    const restricted = choices.sizes.filter((s) => s.restriction);
    const picks: IAzureQuickPickItem<ResizeOption | undefined>[] = [
        ...open.map((s) => ({
            label: s.name,
            description: describe(s),
            detail: s.needsDeallocate ? vscode.l10n.t('Deallocates the VM first, then starts it again') : choices.running ? vscode.l10n.t('Azure restarts the VM in the new size') : undefined,
            data: s,
        })),
        ...restricted.map((s) => ({ label: `$(circle-slash) ${s.name}`, description: describe(s), detail: vscode.l10n.t('Not available to this subscription here: {0}', s.restriction ?? ''), data: undefined })),
    ];
    const picked = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('New size for {0} (now {1})', name, choices.currentSize), suppressPersistence: true })).data;
    if (!picked) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('That size is not available to this subscription in {0}. Nothing was changed; choose another size.', choices.location));
    }
    const resize = { title: vscode.l10n.t('Resize') };
    const warning = picked.needsDeallocate
        ? vscode.l10n.t('{0} must be deallocated to change to {1}: its containers stop, then the VM starts again in the new size. Containers with a restart policy come back; others stay stopped.', name, picked.name)
        : vscode.l10n.t('Azure restarts {0} to change it to {1}. Containers with a restart policy come back; others stay stopped.', name, picked.name);
    await context.ui.showWarningMessage(warning, { modal: true }, resize, DialogResponses.cancel);
    const titles: Record<ResizeStep, string> = {
        deallocating: vscode.l10n.t('Deallocating…'),
        resizing: vscode.l10n.t('Changing the size…'),
        starting: vscode.l10n.t('Starting…'),
    };
    let size = '';
    await item.runWithTemporaryDescription(context, vscode.l10n.t('resizing…'), async () => {
        size = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Resizing {0} to {1}', name, picked.name) }, (progress) =>
            resizeVm(deps, item.host.id, picked, { onStep: (step) => progress.report({ message: titles[step] }) }));
    });
    services.engines.reset(item.host.id);
    await item.parent?.refresh(context);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is now {1}.', name, size));
}
