import { AzureWizard, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { listPublicKeys, type PublicKeyFile } from '../../azure/create/sshKeyFiles';
import type { CreateOutcome } from '../../azure/create/createDockerHost';
import { journalIn } from '../../azure/create/runJournal';
import { defaultAdminUser, defaultVmSize, ubuntuImages, type CreateHostPlan } from '../../azure/create/plan';
import { defaultTlsPort } from '../../azure/create/validatePort';
import { createRunLog } from '../../azure/create/createRunLog';
import { createSettings } from '../../session/settings';
import { loadProvisioning } from '../loadProvisioning';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { AdminUserStep } from './AdminUserStep';
import { AutoShutdownStep } from './AutoShutdownStep';
import type { CreateDockerHostContext } from './CreateDockerHostContext';
import { createRunOptions, createWizardContext, withWizardKey } from './createWizardContext';
import { EngineAccessStep } from './EngineAccessStep';
import { HostNameStep } from './HostNameStep';
import { ImageStep } from './ImageStep';
import { lastLocationKey, LocationStep } from './LocationStep';
import { ModeStep } from './ModeStep';
import { offerFreeName, reportCreateFailure, revealCreatedHost } from './reportOutcome';
import { ResourceGroupStep } from './ResourceGroupStep';
import { ReviewStep } from './ReviewStep';
import { SourceAddressStep } from './SourceAddressStep';
import { defaultSshDir, SshKeyStep } from './SshKeyStep';
import { SubscriptionStep } from './SubscriptionStep';
import { TlsPortStep } from './TlsPortStep';
import { VmSizeStep } from './VmSizeStep';

/** Create Docker Host VM: the wizard asks, then the provisioning graph runs with progress and cancel. */
export async function createDockerHostCommand(actionContext: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const session = services.session;
    const context = await createWizardContext(actionContext, services, node, 'host');
    const globalState = services.extensionContext.globalState;
    const wizard = new AzureWizard(context, {
        title: vscode.l10n.t('Create Docker Host VM'),
        promptSteps: [
            new ModeStep(),
            new SubscriptionStep((id) => session.clientsFor(id)),
            new LocationStep(() => globalState.get<string>(lastLocationKey)),
            new HostNameStep(),
            new VmSizeStep(),
            new ImageStep(),
            new AdminUserStep(),
            new SshKeyStep(await listPublicKeys(defaultSshDir())),
            new EngineAccessStep(() => createSettings().engineAccess),
            new TlsPortStep(),
            new SourceAddressStep(),
            new ResourceGroupStep(),
            new AutoShutdownStep(),
            new ReviewStep(),
        ],
        hideStepCount: false,
    });
    await wizard.prompt();
    const outcome = await withWizardKey(context, (key) => createWithKey(context, services, key));
    const log = createRunLog(services.output, outcome.plan, services.session.cloud.resourceManagerEndpoint, vscode.l10n.t);
    if (!outcome.ok) {
        reportCreateFailure(context, log.failed(outcome), outcome.cancelled, outcome.error);
    }
    log.ready(outcome);
    await revealCreatedHost(context, services, outcome.plan, outcome.dir);
}

async function createWithKey(context: CreateDockerHostContext, services: Services, sshKey: PublicKeyFile): Promise<CreateOutcome & { plan: CreateHostPlan }> {
    const name = context.name!;
    // Basic mode's ReviewStep or SourceAddressStep always sets it.
    const firewallSource = context.source!;
    let plan: CreateHostPlan = {
        subscriptionId: context.subscription!.subscriptionId,
        name,
        location: context.location!,
        vmSize: context.vmSize ?? defaultVmSize,
        image: context.image ?? ubuntuImages[0],
        adminUser: context.adminUser ?? defaultAdminUser,
        sshPublicKey: sshKey.key,
        tlsPort: context.tlsPort ?? defaultTlsPort,
        engineAccess: context.engineAccess ?? createSettings().engineAccess,
        source: firewallSource,
        resourceGroup: context.resourceGroup?.name ?? `${name}-rg`,
        createResourceGroup: context.resourceGroup?.create ?? true,
        provisioningId: randomUUID(),
        ...(context.autoShutdown ? { autoShutdown: context.autoShutdown } : {}),
    };
    await services.extensionContext.globalState.update(lastLocationKey, plan.location);
    let outcome = await runCreate(context, services, plan, sshKey);
    // Names taken in Azure refuse the run before any write; the user may take the free one offered.
    for (let renamed; !outcome.ok && (renamed = await offerFreeName(context, services, plan, outcome.error));) {
        plan = { ...renamed, provisioningId: randomUUID() };
        outcome = await runCreate(context, services, plan, sshKey);
    }
    return { ...outcome, plan };
}

/** One run, with a progress notification that ends with it. */
function runCreate(context: CreateDockerHostContext, services: Services, plan: CreateHostPlan, sshKey: PublicKeyFile): Promise<CreateOutcome> {
    const cloud = services.session.cloud;
    const name = plan.name;
    const log = createRunLog(services.output, plan, cloud.resourceManagerEndpoint, vscode.l10n.t);
    log.started();
    return withCancellableProgress(vscode.l10n.t('Creating Docker host {0}', name), (progress, signal) =>
        loadProvisioning().createDockerHost({
            ...createRunOptions(context, services, sshKey, signal),
            plan,
            // Recorded so Clean Up can delete a pair made for a run that a crash cut short.
            generatedSshKey: context.sshKey ? undefined : sshKey.privateKeyPath,
            journal: journalIn(services.extensionContext.globalStorageUri.fsPath),
            onEvent: (event) => {
                log.event(event);
                if (event.type === 'start') {
                    progress.report({ message: `${event.label}…` });
                } else if (event.type === 'rollbackStart') {
                    progress.report({ message: vscode.l10n.t('Deleting {0}…', event.label) });
                }
            },
        }),
    );
}
