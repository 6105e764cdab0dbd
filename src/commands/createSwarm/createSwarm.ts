import { AzureWizard, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { CreateSwarmOutcome } from '../../azure/create/createSwarm';
import { defaultAdminUser, defaultVmSize, ubuntuImages } from '../../azure/create/plan';
import { listPublicKeys, type PublicKeyFile } from '../../azure/create/sshKeyFiles';
import { describeNodeFailures, type SwarmPlan } from '../../azure/create/swarmPlan';
import { defaultTlsPort } from '../../azure/create/validatePort';
import { AdminUserStep } from '../createDockerHost/AdminUserStep';
import { createRunOptions, createWizardContext, withWizardKey } from '../createDockerHost/createWizardContext';
import { ImageStep } from '../createDockerHost/ImageStep';
import { lastLocationKey, LocationStep } from '../createDockerHost/LocationStep';
import { ModeStep } from '../createDockerHost/ModeStep';
import { ReviewStep } from '../createDockerHost/ReviewStep';
import { SourceAddressStep } from '../createDockerHost/SourceAddressStep';
import { defaultSshDir, SshKeyStep } from '../createDockerHost/SshKeyStep';
import { SubscriptionStep } from '../createDockerHost/SubscriptionStep';
import { TlsPortStep } from '../createDockerHost/TlsPortStep';
import { VmSizeStep } from '../createDockerHost/VmSizeStep';
import { loadProvisioning } from '../loadProvisioning';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import type { CreateSwarmContext } from './CreateSwarmContext';
import { ManagerCountStep } from './ManagerCountStep';
import { SwarmNameStep } from './SwarmNameStep';
import { WorkerCountStep } from './WorkerCountStep';

/** Create Docker Swarm: the wizard asks, then every node is created at once and the swarm formed over their private addresses. */
export async function createSwarmCommand(actionContext: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const session = services.session;
    const context: CreateSwarmContext = await createWizardContext(actionContext, services, node, 'swarm');
    const globalState = services.extensionContext.globalState;
    const wizard = new AzureWizard(context, {
        title: vscode.l10n.t('Create Docker Swarm'),
        promptSteps: [
            new ModeStep(),
            new SubscriptionStep((id) => session.clientsFor(id)),
            new LocationStep(() => globalState.get<string>(lastLocationKey)),
            new SwarmNameStep(),
            new ManagerCountStep(),
            new WorkerCountStep(),
            new VmSizeStep(),
            new ImageStep(),
            new AdminUserStep(),
            new SshKeyStep(await listPublicKeys(defaultSshDir())),
            new TlsPortStep(),
            new SourceAddressStep(),
            new ReviewStep(),
        ],
        hideStepCount: false,
    });
    await wizard.prompt();
    const outcome = await withWizardKey(context, (key) => runCreate(context, services, key));
    const name = context.name!;
    if (!outcome.ok) {
        context.errorHandling.suppressReportIssue = true;
        const left = outcome.rollback.failedToDelete.map((f) => f.label);
        const message = left.length === 0
            ? vscode.l10n.t('Docker swarm {0} was not created: {1} Everything this run created was deleted again.', name, errorText(outcome.error))
            : vscode.l10n.t('Docker swarm {0} was not created: {1} These could not be deleted: {2}.', name, errorText(outcome.error), left.join(', '));
        services.output.error(message);
        if (outcome.cancelled) {
            context.errorHandling.suppressDisplay = true;
            void vscode.window.showWarningMessage(message);
            throw new vscode.CancellationError();
        }
        throw new Error(message);
    }
    await services.tree.refresh(context);
    const nodes = outcome.nodes.map((n) => n.name).join(', ');
    const ready = vscode.l10n.t('Docker swarm {0} is ready: {1}.', name, nodes);
    services.output.info(ready);
    if (outcome.failed.length > 0) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} Not in the swarm: {1}', ready, describeNodeFailures(outcome.failed)));
    } else {
        void vscode.window.showInformationMessage(ready);
    }
}

function errorText(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/** One run, with a progress notification that ends with it; asks what to do if some nodes fail. */
async function runCreate(context: CreateSwarmContext, services: Services, sshKey: PublicKeyFile): Promise<CreateSwarmOutcome> {
    const name = context.name!;
    const plan: SwarmPlan = {
        subscriptionId: context.subscription!.subscriptionId,
        name,
        location: context.location!,
        vmSize: context.vmSize ?? defaultVmSize,
        image: context.image ?? ubuntuImages[0],
        adminUser: context.adminUser ?? defaultAdminUser,
        sshPublicKey: sshKey.key,
        tlsPort: context.tlsPort ?? defaultTlsPort,
        source: context.source!,
        resourceGroup: `${name}-rg`,
        provisioningId: randomUUID(),
        managers: context.managers ?? 1,
        workers: context.workers ?? 0,
    };
    await services.extensionContext.globalState.update(lastLocationKey, plan.location);
    services.output.info(vscode.l10n.t('Creating Docker swarm {0}: {1} manager(s) and {2} worker(s) in {3} (run {4}).', name, plan.managers, plan.workers, plan.location, plan.provisioningId));
    return withCancellableProgress(vscode.l10n.t('Creating Docker swarm {0}', name), (progress, signal) =>
        loadProvisioning().createSwarm({
            ...createRunOptions(context, services, sshKey, signal),
            plan,
            onEvent: (event) => {
                if (event.type === 'start') {
                    progress.report({ message: `${event.nodeId.split('/')[0]}: ${event.label}…` });
                } else if (event.type === 'fail') {
                    services.output.warn(`${event.nodeId}: ${errorText(event.error)}`);
                }
            },
            onNodesFailed: async (failed) => {
                const keep = vscode.l10n.t('Keep the Swarm of the Others');
                const rollBack = vscode.l10n.t('Roll Back Everything');
                const choice = await vscode.window.showWarningMessage(
                    vscode.l10n.t('Some nodes of swarm {0} could not be created and were deleted again: {1}', name, describeNodeFailures(failed)),
                    { modal: true }, keep, rollBack,
                );
                return choice === rollBack ? 'rollBackAll' : 'keep';
            },
        }),
    );
}
