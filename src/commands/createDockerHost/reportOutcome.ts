import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { CreateOutcome } from '../../azure/create/createDockerHost';
import type { AlreadyExistsError } from '../../azure/create/createHostGraph';
import { isNameClashError, renamePlan, type NameClash, type NameClashKind } from '../../azure/create/nameCheck';
import type { CreateHostPlan } from '../../azure/create/plan';
import { describeAzureError } from '../../azure/describeError';
import { commandIds } from '../../commandIds';
import type { Services } from '../services';
import { EngineGroupItem } from '../../tree/engine/EngineGroupItem';
import { findHostItem } from '../../tree/findHostItem';

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

/** Only true when the run wrote nothing: a resource its PUT overwrote was changed, though not created. */
function nothingCreated(error: unknown): string {
    // Read by shape: createHostGraph is loaded lazily, with the Azure SDK.
    return (error as Partial<AlreadyExistsError> | undefined)?.overwritten ? '' : vscode.l10n.t('Nothing had been created in Azure.');
}

/** Says what failed, and exactly what was deleted again and what could not be. */
export function reportCreateFailure(context: IActionContext, services: Services, plan: CreateHostPlan, outcome: Extract<CreateOutcome, { ok: false }>): never {
    const { deleted, failedToDelete } = outcome.rollback;
    const cleanup = [
        deleted.length > 0 ? `Deleted what this run had created: ${deleted.join(', ')}.` : nothingCreated(outcome.error),
        failedToDelete.length > 0
            ? `Could NOT delete: ${failedToDelete.map((f) => f.label).join(', ')}; delete them in the Azure portal to stop paying for them.`
            : '',
        'The local TLS material was removed.',
    ].filter(Boolean).join(' ');
    context.errorHandling.suppressReportIssue = true;
    if (outcome.cancelled) {
        context.errorHandling.suppressDisplay = true;
        void vscode.window.showWarningMessage(`Creating Docker host ${plan.name} was cancelled. ${cleanup}`);
        services.output.warn(`Creating ${plan.name} was cancelled. ${cleanup}`);
        throw new vscode.CancellationError();
    }
    const described = describeAzureError(outcome.error, `creating Docker host ${plan.name}`, services.session.cloud.resourceManagerEndpoint);
    const message = `${described.cause}${described.fix ? ` ${described.fix}` : ''} ${cleanup}`;
    services.output.error(message);
    throw new Error(message);
}

/** Refreshes the tree, reveals the new host expanded, and offers the next steps. */
export async function revealCreatedHost(context: IActionContext, services: Services, plan: CreateHostPlan, dir: string): Promise<void> {
    await services.tree.refresh(context);
    const item = await findHostItem(services.tree, plan.subscriptionId, plan.resourceGroup, plan.name);
    if (item) {
        await services.treeView.reveal(item, { select: true, focus: false, expand: true });
    }
    const show = 'Show Containers';
    const copy = 'Copy Docker Environment';
    void vscode.window.showInformationMessage(`Docker host ${plan.name} is ready. Its TLS material is in ${dir}.`, show, copy).then(async (choice) => {
        if (choice === copy) {
            await vscode.commands.executeCommand(commandIds.copyDockerEnvironment, item);
        } else if (choice === show && item) {
            const containers = (await services.tree.getChildren(item)).find((c) => c instanceof EngineGroupItem && c.scope === 'container');
            if (containers) {
                await services.treeView.reveal(containers, { select: true, focus: true, expand: true });
            }
        }
    });
}
