import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { isNameClashError, renamePlan, type NameClash, type NameClashKind } from '../../azure/create/nameCheck';
import type { CreateHostPlan } from '../../azure/create/plan';
import { commandIds } from '../../commandIds';
import type { Services } from '../services';
import { EngineGroupItem } from '../../tree/engine/EngineGroupItem';
import { findHostItem, findSubscriptionItem } from '../../tree/findHostItem';

function clashKindLabel(kind: NameClashKind): string {
    switch (kind) {
        case 'resourceGroup': return vscode.l10n.t('resource group');
        case 'virtualNetwork': return vscode.l10n.t('virtual network');
        case 'networkSecurityGroup': return vscode.l10n.t('network security group');
        case 'publicIPAddress': return vscode.l10n.t('public IP address');
        case 'networkInterface': return vscode.l10n.t('network interface');
        case 'virtualMachine': return vscode.l10n.t('virtual machine');
        case 'osDisk': return vscode.l10n.t('disk');
        case 'virtualMachineExtension': return vscode.l10n.t('VM extension');
        case 'autoShutdownSchedule': return vscode.l10n.t('auto-shutdown schedule');
        case 'dnsLabel': return vscode.l10n.t('DNS label');
    }
}

function describeClashes(clashes: readonly NameClash[]): string {
    return clashes.map((c) => vscode.l10n.t('{0} {1}', clashKindLabel(c.kind), c.name)).join(', ');
}

/**
 * When the create was refused because names are taken: says which, and offers the free name the
 * check found. Answers the plan to run instead; throws when there is none or the user declines.
 */
export async function offerFreeName(context: IActionContext, services: Services, plan: CreateHostPlan, error: unknown): Promise<CreateHostPlan | undefined> {
    if (!isNameClashError(error)) {
        return undefined;
    }
    const taken = vscode.l10n.t('Docker host {0} was not created: these names are already in use in Azure: {1}. Nothing was created or changed.', plan.name, describeClashes(error.clashes));
    services.output.warn(taken);
    context.errorHandling.suppressReportIssue = true;
    if (!error.freeName) {
        throw new Error(vscode.l10n.t('{0} Choose another name.', taken));
    }
    const createAs = vscode.l10n.t('Create as {0}', error.freeName);
    await context.ui.showWarningMessage(vscode.l10n.t('{0} The name {1} is free.', taken, error.freeName), { modal: true }, { title: createAs });
    return renamePlan(plan, error.freeName);
}

/**
 * Shows what failed and what is left, in plain words (`message`; the details are already in the
 * log, behind the Show Log button every error gets). `cause`, the SDK's error, gives the correlation id.
 */
export function reportCreateFailure(context: IActionContext, message: string, cancelled: boolean, cause: unknown): never {
    context.errorHandling.suppressReportIssue = true;
    if (cancelled) {
        context.errorHandling.suppressDisplay = true;
        void vscode.window.showWarningMessage(message);
        throw new vscode.CancellationError();
    }
    throw new Error(message, { cause });
}

/**
 * Refreshes the host's subscription (through ARM, which has the new VM at once where Resource Graph
 * may not yet), reveals the new host expanded, and offers the next steps.
 */
export async function revealCreatedHost(context: IActionContext, services: Services, plan: CreateHostPlan, dir: string): Promise<void> {
    await services.tree.refresh(context, await findSubscriptionItem(services.tree, plan.subscriptionId));
    const item = await findHostItem(services.tree, plan.subscriptionId, plan.resourceGroup, plan.name);
    if (item) {
        await services.treeView.reveal(item, { select: true, focus: false, expand: true });
    }
    const show = vscode.l10n.t('Show Containers');
    const copy = vscode.l10n.t('Copy Docker Environment');
    const reveal = vscode.l10n.t('Reveal TLS Folder');
    void vscode.window.showInformationMessage(vscode.l10n.t('Docker host {0} is ready.', plan.name), show, copy, reveal).then(async (choice) => {
        if (choice === copy) {
            await vscode.commands.executeCommand(commandIds.copyDockerEnvironment, item);
        } else if (choice === reveal) {
            await revealFolder(dir);
        } else if (choice === show && item) {
            const containers = (await services.tree.getChildren(item)).find((c) => c instanceof EngineGroupItem && c.scope === 'container');
            if (containers) {
                await services.treeView.reveal(containers, { select: true, focus: true, expand: true });
            }
        }
    });
}

/** The OS file manager on the folder; where there is none (VS Code in a browser), its path is copied instead. */
async function revealFolder(dir: string): Promise<void> {
    if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
        await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dir));
        return;
    }
    await vscode.env.clipboard.writeText(dir);
    void vscode.window.showInformationMessage(vscode.l10n.t('This VS Code cannot open a file manager on the folder, so its path was copied to the clipboard.'));
}
