import { AzureWizard, type AzExtTreeItem, type IActionContext, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { describeAzureError } from '../../azure/describeError';
import { listAdoptableVms, type AdoptableVm } from '../../azure/lifecycle/adoptionTarget';
import type { LifecycleDeps } from '../../azure/lifecycle/lifecycleDeps';
import { parseResourceId } from '../../azure/resourceId';
import type { SubscriptionInfo } from '../../azure/subscriptions';
import { createSettings, startPublicIpLookup } from '../../session/settings';
import { ancestorOf } from '../../tree/ancestorOf';
import { findSubscriptionItem } from '../../tree/findHostItem';
import { SubscriptionItem } from '../../tree/SubscriptionItem';
import type { FirewallContext } from '../createDockerHost/CreateDockerHostContext';
import { SourceAddressStep } from '../createDockerHost/SourceAddressStep';
import { TlsPortStep } from '../createDockerHost/TlsPortStep';
import { loadProvisioning } from '../loadProvisioning';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';

/** Makes a plain Linux VM a Docker host: TLS material, firewall rule, setup extension, tag; rolled back on failure. */
export async function enableDockerOnVmCommand(actionContext: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const session = services.session;
    const cloud = session.cloud;
    let subscription: SubscriptionInfo | undefined = ancestorOf(node, SubscriptionItem)?.info;
    if (!subscription) {
        const all = await session.visibleSubscriptions();
        subscription = (await actionContext.ui.showQuickPick(all.map<IAzureQuickPickItem<SubscriptionInfo>>((s) => ({ label: s.name, description: s.subscriptionId, data: s })), { placeHolder: vscode.l10n.t('Subscription of the VM') })).data;
    }
    const deps = { clients: await session.clientsFor(subscription.subscriptionId), cloud };
    const vms = listAdoptableVms(deps).then((list) =>
        list.map<IAzureQuickPickItem<AdoptableVm>>((vm) => ({ label: vm.name, description: `${vm.resourceGroup} · ${vm.location} · ${vm.powerState}`, data: vm })),
    );
    const vm = (await actionContext.ui.showQuickPick(vms, { placeHolder: vscode.l10n.t('Linux VM to enable Docker on'), noPicksMessage: vscode.l10n.t('Every Linux VM in this subscription is already a Docker host.') })).data;
    // The same port and firewall-source questions as Create Docker Host VM.
    const context: FirewallContext = Object.assign(actionContext, { advanced: true, publicIpLookup: startPublicIpLookup() });
    await new AzureWizard(context, { title: vscode.l10n.t('Enable Docker on {0}', vm.name), promptSteps: [new TlsPortStep(), new SourceAddressStep()] }).prompt();
    const placeAboveDenyRules = await confirmAboveDenyRules(actionContext, deps, vm, context.tlsPort!);
    const outcome = await withCancellableProgress(vscode.l10n.t('Enabling Docker on {0}', vm.name), (progress, signal) =>
        loadProvisioning().enableDockerOnVm({
            deps,
            vmId: vm.id,
            tlsPort: context.tlsPort!,
            source: context.source!,
            storageRoot: services.extensionContext.globalStorageUri.fsPath,
            engineTimeoutMs: createSettings().engineReadyTimeoutSeconds * 1000,
            provisioningId: randomUUID(),
            placeAboveDenyRules,
            signal,
            onEvent: (e) => e.type === 'start' && progress.report({ message: `${e.label}…` }),
        }),
    );
    // The subscription, through ARM: Resource Graph may not see the new tag yet.
    await services.tree.refresh(context, await findSubscriptionItem(services.tree, subscription.subscriptionId));
    if (!outcome.ok) {
        context.errorHandling.suppressReportIssue = true;
        const undone = outcome.rollback.failedToDelete.length ? ` Could not undo: ${outcome.rollback.failedToDelete.map((f) => f.label).join(', ')}.` : ' Everything it changed was undone.';
        if (outcome.cancelled) {
            void vscode.window.showWarningMessage(vscode.l10n.t('Enabling Docker on {0} was cancelled.{1}', vm.name, undone));
            return;
        }
        const described = describeAzureError(outcome.error, `enabling Docker on ${vm.name}`, cloud.resourceManagerEndpoint);
        throw new Error(`${described.cause}${described.fix ? ` ${described.fix}` : ''}${undone}`);
    }
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is now a Docker host at tcp://{1}:{2}.', vm.name, outcome.address.ipAddress, String(context.tlsPort)));
}

/**
 * The core finds the user's Deny rules that the allow rules would be placed above; the user sees
 * them and decides. Dismissing the modal stops the command (UserCancelledError) with nothing changed.
 */
async function confirmAboveDenyRules(actionContext: IActionContext, deps: LifecycleDeps, vm: AdoptableVm, tlsPort: number): Promise<boolean> {
    const denies = await loadProvisioning().adoptionDenyRules(deps, vm.id, tlsPort);
    if (denies.length === 0) {
        return false;
    }
    const placeAbove: vscode.MessageItem = { title: vscode.l10n.t('Add the Allow Rules') };
    const detail = denies.map((d) => d.overridden
        ? vscode.l10n.t('{0} (priority {1} in {2}) denies port {3} from {4}; our allow rule (priority {5}) would take precedence over it', d.name, d.priority, parseResourceId(d.nsgId).name, d.port, d.source, d.ourPriority)
        : vscode.l10n.t('{0} (priority {1} in {2}) denies port {3} from {4}; it would still take precedence over our allow rule (priority {5})', d.name, d.priority, parseResourceId(d.nsgId).name, d.port, d.source, d.ourPriority)).join('\n');
    await actionContext.ui.showWarningMessage(
        vscode.l10n.t('Enabling Docker on {0} adds allow rules for SSH and port {1} from your source. Your Deny rules below cover those ports; each line says which rule would take precedence. Add the allow rules, or stop?', vm.name, tlsPort),
        { modal: true, detail },
        placeAbove,
    );
    return true;
}
