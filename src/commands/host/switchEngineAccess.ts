import { DialogResponses, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { loadProvisioning } from '../loadProvisioning';
import { withCancellableProgress } from '../withCancellableProgress';
import type { Services } from '../services';
import { hostTarget } from './hostTarget';

/**
 * Switch Engine Access…: TLS on the host's port ⇄ SSH only. The setup runs again in the new mode
 * (dockerd restarts; containers, images and volumes stay), then the firewall's Docker rule, the VM's
 * tag, the local material and the host's docker contexts follow.
 */
export async function switchEngineAccessCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps, dir } = await hostTarget(context, services, node);
    const host = item.host;
    const to = host.engineAccess === 'ssh' ? 'tls' : 'ssh';
    const question = to === 'ssh'
        ? vscode.l10n.t('Reach the engine of {0} over SSH only? Docker\'s TLS port {1} closes in the firewall and on the VM; dockerd restarts (running containers stop, none is removed). Docker contexts of the host become ssh:// contexts.', host.name, host.tlsPort)
        : vscode.l10n.t('Reach the engine of {0} over TLS on port {1}? The port opens in the firewall from the same source as SSH, with new certificates; dockerd restarts (running containers stop, none is removed).', host.name, host.tlsPort);
    const go = { title: to === 'ssh' ? vscode.l10n.t('Switch to SSH Only') : vscode.l10n.t('Switch to TLS') };
    await context.ui.showWarningMessage(question, { modal: true }, go, DialogResponses.cancel);
    const steps: Record<string, string> = {
        setup: vscode.l10n.t('Running the setup on the VM…'),
        engine: vscode.l10n.t('Waiting for the engine to answer…'),
        firewall: vscode.l10n.t('Updating the firewall…'),
        certificates: vscode.l10n.t('Making new certificates…'),
    };
    context.errorHandling.suppressReportIssue = true;
    let contexts: string[];
    try {
        contexts = await withCancellableProgress(vscode.l10n.t('Switching the engine access of {0}', host.name), (progress, signal) =>
            loadProvisioning().switchEngineAccess({ deps, host, hostDir: dir, to, engineTimeoutMs: 5 * 60_000, signal, onStep: (step) => progress.report({ message: steps[step] }) }));
    } finally {
        services.engines.reset(host.id);
        // The subscription lists through ARM, which has the VM's new tag at once.
        await item.parent?.refresh(context);
    }
    const now = to === 'ssh' ? vscode.l10n.t('over SSH only') : vscode.l10n.t('over TLS on port {0}', host.tlsPort);
    void vscode.window.showInformationMessage(contexts.length
        ? vscode.l10n.t('The engine of {0} is now reached {1}. Updated docker contexts: {2}.', host.name, now, contexts.join(', '))
        : vscode.l10n.t('The engine of {0} is now reached {1}.', host.name, now));
}
