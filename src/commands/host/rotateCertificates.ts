import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { loadProvisioning } from '../loadProvisioning';
import { withCancellableProgress } from '../withCancellableProgress';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

const steps = { certificates: 'Making new certificates…', extension: 'Pushing them to the VM…', engine: 'Waiting for the engine to accept the new client certificate…', saving: 'Saving the new client certificate…' };

/** New CA, server and client certificates; the old client certificate stops working. */
export async function rotateCertificatesCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const rotate = { title: vscode.l10n.t('Rotate') };
    await context.ui.showWarningMessage(vscode.l10n.t('Make new TLS certificates for {0}? Afterwards the engine refuses the current client certificate, including copies used elsewhere.', item.host.name), { modal: true }, rotate, DialogResponses.cancel);
    const outcome = await withCancellableProgress(vscode.l10n.t('Rotating the certificates of {0}', item.host.name), (progress, signal) =>
        loadProvisioning().rotateCertificates({ deps, host: item.host, hostDir: dir, engineTimeoutMs: 5 * 60_000, signal, onStep: (step) => progress.report({ message: steps[step] }) }),
    );
    services.engines.reset(item.host.id);
    await services.tree.refresh(context, item);
    if (!outcome.ok) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(outcome.message);
    }
    void vscode.window.showInformationMessage(outcome.contextsUpdated.length ? vscode.l10n.t('{0} has new TLS certificates. Updated docker contexts: {1}.', item.host.name, outcome.contextsUpdated.join(', ')) : vscode.l10n.t('{0} has new TLS certificates.', item.host.name));
}
