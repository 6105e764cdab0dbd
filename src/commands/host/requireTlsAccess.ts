import type { IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import type { DockerHost } from '../../host/dockerHost';

/** Refuses, with the way out, a command that needs the engine's TLS port on a host reached over SSH only. */
export function requireTlsAccess(context: IActionContext, host: DockerHost, what: string): void {
    if (host.engineAccess === 'ssh') {
        context.errorHandling.suppressReportIssue = true;
        throw new Error(vscode.l10n.t('{0} needs the Docker TLS port, and the engine of {1} is reached over SSH only. Use Create Docker Context (an ssh:// context) with the docker CLI, or run Switch Engine Access… on the host.', what, host.name));
    }
}
