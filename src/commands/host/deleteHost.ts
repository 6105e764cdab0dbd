import { DialogResponses, type AzExtTreeItem, type IActionContext, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { deleteHost } from '../../azure/lifecycle/deleteHost';
import { listHostResources, type HostResource } from '../../azure/lifecycle/hostResources';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/** Asks, lets the user pick what goes (all by default), deletes in dependency order, and reports everything that failed. */
export async function deleteHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const list = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Finding the resources of ${item.host.name}…` }, () => listHostResources(deps, item.host.id, { hostDir: dir }));
    const picks = list.resources.map<IAzureQuickPickItem<HostResource>>((r) => ({
        label: r.label,
        description: r.kind === 'resourceGroup' && r.alsoContains?.length ? `also deletes ${r.alsoContains.length} other resource(s) in it` : r.deletedWithVm ? 'deleted with the VM' : undefined,
        data: r,
        picked: true,
    }));
    const selected = await context.ui.showQuickPick(picks, { canPickMany: true, placeHolder: `Resources of ${item.host.name} to delete`, isPickSelected: () => true, suppressPersistence: true });
    if (selected.length === 0) {
        return;
    }
    const remove = { title: 'Delete' };
    await context.ui.showWarningMessage(`Delete ${selected.length} resource(s) of ${item.host.name}: ${selected.map((s) => s.data.label).join(', ')}? This cannot be undone.`, { modal: true }, remove, DialogResponses.cancel);
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Deleting ${item.host.name}` }, (progress) =>
        deleteHost({ deps, vmId: item.host.id, selection: selected.map((s) => s.data), hostDir: dir, onProgress: (p) => progress.report({ message: `${p.resource.label}: ${p.phase === 'start' ? 'deleting…' : p.phase === 'end' ? 'deleted' : 'failed'}` }) }),
    );
    services.engines.reset(item.host.id);
    await item.parent?.refresh(context);
    const kept = report.localFilesKept ? ` ${report.localFilesKept}` : '';
    if (report.failed.length > 0) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(`Deleted ${report.deleted.length} resource(s) of ${item.host.name}, but could not delete: ${report.failed.map((f) => `${f.resource.label} (${f.error.message})`).join('; ')}.${kept}`);
    }
    void vscode.window.showInformationMessage(`Deleted ${item.host.name}: ${report.deleted.map((r) => r.label).join(', ')}.${report.localFilesRemoved ? ' Its local certificates and docker contexts were removed too.' : kept}`);
}
