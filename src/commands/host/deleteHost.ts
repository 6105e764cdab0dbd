import { DialogResponses, type AzExtTreeItem, type IActionContext, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { deleteHost } from '../../azure/lifecycle/deleteHost';
import { listHostResources, type HostResource } from '../../azure/lifecycle/hostResources';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/** Asks, lets the user pick what goes (all by default), deletes in dependency order, and reports everything that failed. */
export async function deleteHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const list = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Finding the resources of {0}…', item.host.name) }, () => listHostResources(deps, item.host.id, { hostDir: dir }));
    const picks = list.resources.map<IAzureQuickPickItem<HostResource>>((r) => ({
        label: r.label,
        description: r.kind === 'resourceGroup' && r.alsoContains?.length ? vscode.l10n.t('also deletes {0} other resource(s) in it', r.alsoContains.length) : r.deletedWithVm ? vscode.l10n.t('deleted with the VM') : undefined,
        data: r,
        picked: true,
    }));
    const selected = await context.ui.showQuickPick(picks, { canPickMany: true, placeHolder: vscode.l10n.t('Resources of {0} to delete', item.host.name), isPickSelected: () => true, suppressPersistence: true });
    if (selected.length === 0) {
        return;
    }
    const remove = { title: vscode.l10n.t('Delete') };
    await context.ui.showWarningMessage(vscode.l10n.t('Delete {0} resource(s) of {1}: {2}? This cannot be undone.', selected.length, item.host.name, selected.map((s) => s.data.label).join(', ')), { modal: true }, remove, DialogResponses.cancel);
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Deleting {0}', item.host.name) }, (progress) =>
        deleteHost({ deps, vmId: item.host.id, selection: selected.map((s) => s.data), hostDir: dir, onProgress: (p) => progress.report({ message: p.phase === 'start' ? vscode.l10n.t('{0}: deleting…', p.resource.label) : p.phase === 'end' ? vscode.l10n.t('{0}: deleted', p.resource.label) : vscode.l10n.t('{0}: failed', p.resource.label) }) }),
    );
    services.engines.reset(item.host.id);
    await item.parent?.refresh(context);
    const kept = report.localFilesKept ? ` ${report.localFilesKept}` : '';
    if (report.failed.length > 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('Deleted {0} resource(s) of {1}, but could not delete: {2}.{3}', report.deleted.length, item.host.name, report.failed.map((f) => `${f.resource.label} (${f.error.message})`).join('; '), kept));
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Deleted {0}: {1}.{2}', item.host.name, report.deleted.map((r) => r.label).join(', '), report.localFilesRemoved ? ' Its local certificates and docker contexts were removed too.' : kept));
}
