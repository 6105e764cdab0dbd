import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { LifecycleDeps } from '../../azure/lifecycle/lifecycleDeps';
import { ensurePinnedHostKeys } from '../../azure/lifecycle/pinnedHostKeys';
import { hostAddress } from '../../host/dockerHost';
import { readHostRecord } from '../../host/hostFiles';
import type { SshTarget } from '../../ssh/sshConnection';
import type { DockerHostItem } from '../../tree/DockerHostItem';

/**
 * Who to log in as, with which key, and which host keys to accept: the host record's user and
 * key, and the keys pinned from the setup's output (read through ARM the first time).
 */
export async function hostSshTarget(context: IActionContext, item: DockerHostItem, deps: LifecycleDeps, dir: string, signal?: AbortSignal): Promise<HostSsh> {
    const host = item.host;
    const address = hostAddress(host);
    if (!address) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} has no public address; start the VM first.', host.name));
    }
    const record = await readHostRecord(dir);
    const user = record?.adminUser ?? (await deps.clients.compute.virtualMachines.get(host.resourceGroup, host.name, { abortSignal: signal })).osProfile?.adminUsername;
    if (!user) {
        throw new Error(vscode.l10n.t('Cannot tell the admin user of {0}.', host.name));
    }
    const pinned = await ensurePinnedHostKeys(deps, host, dir, signal);
    return { hostName: host.name, address, user, privateKeyPath: record?.sshPrivateKeyPath, pinned };
}

/** A host's SSH target; the key is unknown for a VM that was not created here (ssh then uses the user's own keys). */
export type HostSsh = Omit<SshTarget, 'privateKeyPath'> & { readonly privateKeyPath?: string };

/** The target with its key, or a clear error when this machine does not know the key. */
export function withKnownKey(context: IActionContext, target: HostSsh): SshTarget {
    const { privateKeyPath } = target;
    if (!privateKeyPath) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('This machine does not know which SSH key {0} accepts: the host was not created here. Use Open SSH Terminal with your own key, or open the port in the firewall.', target.hostName));
    }
    return { ...target, privateKeyPath };
}
