import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { journalIn } from '../azure/create/runJournal';
import { keepRun, unfinishedResourceCount } from '../azure/create/unfinishedRuns';
import { describeAzureError } from '../azure/describeError';
import { ancestorOf } from '../tree/ancestorOf';
import { SubscriptionItem } from '../tree/SubscriptionItem';
import { UnfinishedCreateItem } from '../tree/UnfinishedCreateItem';
import { loadProvisioning } from './loadProvisioning';
import type { Services } from './services';

function itemOf(node: AzExtTreeItem | undefined): UnfinishedCreateItem {
    if (!(node instanceof UnfinishedCreateItem)) {
        throw new Error(vscode.l10n.t('Choose an unfinished create in the Docker Hosts view.'));
    }
    return node;
}

async function refreshSubscription(context: IActionContext, services: Services, item: UnfinishedCreateItem): Promise<void> {
    await services.tree.refresh(context, ancestorOf(item, SubscriptionItem));
}

/** Clean Up: deletes every resource carrying the run's tag, then its local files, after a confirmation. */
export async function cleanUpUnfinishedCreateCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = itemOf(node);
    const { run } = item;
    const cleanUp = { title: vscode.l10n.t('Clean Up') };
    await context.ui.showWarningMessage(
        vscode.l10n.t('Delete the {0} resources left by the unfinished create of {1} in resource group {2}, and its local files? Only resources that still carry its run tag are deleted.', unfinishedResourceCount(run), run.name, run.resourceGroup),
        { modal: true },
        cleanUp,
        DialogResponses.cancel,
    );
    const cloud = services.session.cloud;
    const clients = await services.session.clientsFor(run.subscriptionId);
    const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Cleaning up the unfinished create of {0}', run.name) },
        (progress) => loadProvisioning().cleanUpRun(clients, run, journalIn(services.extensionContext.globalStorageUri.fsPath), {
            storageRoot: services.extensionContext.globalStorageUri.fsPath,
            onProgress: (label, phase) => {
                if (phase === 'start') {
                    progress.report({ message: vscode.l10n.t('Deleting {0}…', label) });
                }
                services.output.info(`[clean up ${run.runId}] ${phase} ${label}`);
            },
        }),
    );
    await refreshSubscription(context, services, item);
    if (report.failedToDelete.length > 0) {
        context.errorHandling.suppressReportIssue = true;
        const failures = report.failedToDelete.map((f) => `${f.label}: ${describeAzureError(f.error, vscode.l10n.t('deleting {0}', f.label), cloud.resourceManagerEndpoint).cause}`);
        throw new Error(vscode.l10n.t('Could not delete everything the unfinished create of {0} left: {1}. Its local files are kept until Clean Up succeeds.', run.name, failures.join('; ')));
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('Cleaned up the unfinished create of {0}: deleted {1}.', run.name, report.deleted.join(', ') || vscode.l10n.t('nothing was left in Azure')));
}

/** Keep: the run's resources stay, and it is no longer offered for clean-up. */
export async function keepUnfinishedCreateCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const item = itemOf(node);
    await keepRun(item.run, journalIn(services.extensionContext.globalStorageUri.fsPath));
    await refreshSubscription(context, services, item);
}

/** At activation: says so when a create was cut short (VS Code closed or crashed during it). */
export async function notifyInterruptedCreates(services: Services): Promise<void> {
    const runs = await journalIn(services.extensionContext.globalStorageUri.fsPath).unfinished();
    if (runs.length === 0) {
        return;
    }
    const show = vscode.l10n.t('Show');
    const message = runs.length === 1
        ? vscode.l10n.t('Creating Docker host {0} did not finish. What it left is listed under its subscription, with Clean Up and Keep.', runs[0].name)
        : vscode.l10n.t('{0} creates of Docker hosts did not finish. What they left is listed under their subscriptions, with Clean Up and Keep.', runs.length);
    if ((await vscode.window.showWarningMessage(message, show)) === show) {
        await vscode.commands.executeCommand('azureDockerHosts.hosts.focus');
    }
}
