import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { hostSshAccess, type HostSsh } from '../../azure/lifecycle/hostSshAccess';
import type { LifecycleDeps } from '../../azure/lifecycle/lifecycleDeps';
import type { SshTarget } from '../../ssh/sshConnection';
import type { DockerHostItem } from '../../tree/DockerHostItem';

export type { HostSsh };

/**
 * Who to log in as, with which key, and which host keys to accept: the host record's user and
 * key, and the keys pinned from the setup's output (read through ARM the first time).
 */
export async function hostSshTarget(context: IActionContext, item: DockerHostItem, deps: LifecycleDeps, dir: string, signal?: AbortSignal): Promise<HostSsh> {
    context.errorHandling.suppressReportIssue = true;
    return hostSshAccess(deps, item.host, dir, signal);
}

/** The target with its key, or a clear error when this machine does not know the key. */
export function withKnownKey(context: IActionContext, target: HostSsh): SshTarget {
    const { privateKeyPath } = target;
    if (!privateKeyPath) {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('This machine does not know which SSH key {0} accepts: the host was not created here. Use Open SSH Terminal with your own key, or open the port in the firewall.', target.hostName));
    }
    return { ...target, privateKeyPath };
}
