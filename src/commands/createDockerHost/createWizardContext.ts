import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { withNewKeyFiles, type PublicKeyFile } from '../../azure/create/sshKeyFiles';
import type { CreateDockerHostOptions } from '../../azure/create/createDockerHost';
import { createSettings, startPublicIpLookup } from '../../session/settings';
import { ancestorOf } from '../../tree/ancestorOf';
import { SubscriptionItem } from '../../tree/SubscriptionItem';
import type { Services } from '../services';
import type { CreateDockerHostContext } from './CreateDockerHostContext';

/**
 * The start of Create Docker Host VM and Create Docker Swarm: refuses without a sign-in or a
 * subscription, presets the subscription (the row it ran on, or the only one) and starts the
 * public IP lookup so it overlaps the first prompts.
 */
export async function createWizardContext(actionContext: IActionContext, services: Services, node: AzExtTreeItem | undefined, what: 'host' | 'swarm'): Promise<CreateDockerHostContext> {
    const session = services.session;
    const missing = await session.source().missingConfiguration();
    if (missing) {
        actionContext.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} Sign in with "Azure Docker Hosts: Sign in to Azure" first.', missing));
    }
    const settings = createSettings();
    const subscriptions = await session.visibleSubscriptions();
    if (subscriptions.length === 0) {
        throw new Error(what === 'host' ? vscode.l10n.t('No Azure subscription is available to create the host in. Check "Select Subscriptions…" and your sign-in.') : vscode.l10n.t('No Azure subscription is available to create the swarm in. Check "Select Subscriptions…" and your sign-in.'));
    }
    const preset = ancestorOf(node, SubscriptionItem)?.info ?? (subscriptions.length === 1 ? subscriptions[0] : undefined);
    return Object.assign(actionContext, {
        cloud: session.cloud,
        subscriptions,
        advanced: settings.mode === 'ask' ? undefined : settings.mode === 'advanced',
        subscription: preset,
        clients: preset ? await session.clientsFor(preset.subscriptionId) : undefined,
        publicIpLookup: startPublicIpLookup(),
    });
}

/** Runs `create` with the key the wizard chose; a pair made for this run is deleted again if the create fails, a key the user picked is left alone. */
export function withWizardKey<T extends { ok: boolean }>(context: CreateDockerHostContext, create: (key: PublicKeyFile) => Promise<T>): Promise<T> {
    return context.sshKey ? create(context.sshKey) : withNewKeyFiles(context.newSshKey!.privateKeyPath, context.newSshKey!.comment, create);
}

/** What a host create and a swarm create both pass to the core: where, as whom, with which key, for how long. */
export function createRunOptions(context: CreateDockerHostContext, services: Services, sshKey: PublicKeyFile, signal: AbortSignal): Omit<CreateDockerHostOptions, 'plan'> {
    return {
        cloud: services.session.cloud,
        credential: context.subscription!.credential,
        clients: context.clients,
        storageRoot: services.extensionContext.globalStorageUri.fsPath,
        sshPrivateKeyPath: sshKey.privateKeyPath,
        signal,
        engineTimeoutMs: createSettings().engineReadyTimeoutSeconds * 1000,
    };
}
