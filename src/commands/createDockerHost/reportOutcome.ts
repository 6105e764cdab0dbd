import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { CreateOutcome } from '../../azure/create/createDockerHost';
import type { CreateHostPlan } from '../../azure/create/plan';
import { describeAzureError } from '../../azure/describeError';
import { commandIds } from '../commandIds';
import type { Services } from '../services';
import { EngineGroupItem } from '../../tree/engine/EngineGroupItem';
import { findHostItem } from '../../tree/findHostItem';

/** Says what failed, and exactly what was deleted again and what could not be. */
export function reportCreateFailure(context: IActionContext, services: Services, plan: CreateHostPlan, outcome: Extract<CreateOutcome, { ok: false }>): never {
    const { deleted, failedToDelete } = outcome.rollback;
    const cleanup = [
        deleted.length > 0 ? `Deleted what this run had created: ${deleted.join(', ')}.` : 'Nothing had been created in Azure.',
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
