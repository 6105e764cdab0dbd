import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { requireTlsAccess } from '../host/requireTlsAccess';
import { contextExists, contextNameForHost, findContextsForHost, writeDockerContext } from '../../docker/cliContexts';
import { composeInstallUrl, composeInvocation, detectCompose, runCompose, type ComposeProgram, type ComposeRequest } from '../../docker/compose/composeCli';
import { readComposeFile } from '../../docker/compose/composeFile';
import { cliContextTarget, engineAddress, type DockerHost } from '../../host/dockerHost';
import { hostCertDir } from '../../tls/hostMaterial';
import { readClientMaterial } from '../../tls/storage';
import { confirmBindMounts } from '../confirmBindMounts';
import { OutputTerminal } from '../outputTerminal';
import { pickHost } from '../pickHost';
import { refreshAfterAction } from '../../tree/engine/refreshAfterAction';
import { pickWorkspaceFile } from '../pickWorkspaceFile';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';

/** The host's docker CLI context for compose v2: ours if one exists, else a new one (the current context is left alone). */
async function hostContextName(host: DockerHost, certDir: string): Promise<string> {
    const [existing] = await findContextsForHost(host.id);
    if (existing) {
        return existing;
    }
    const name = contextNameForHost(host.name);
    if (await contextExists(name)) {
        throw new Error(vscode.l10n.t('A docker context named "{0}" exists but was not made for {1}. Rename or remove it, or run "Create Docker Context" with another name.', name, host.name));
    }
    await writeDockerContext({ name, tls: await readClientMaterial(certDir), ...cliContextTarget(host) });
    return name;
}

/** Compose Up or Down on a compose file (the Explorer's, or one picked) and a host (the row's, or one picked). */
export async function runComposeFile(context: IActionContext, services: Services, action: ComposeRequest['action'], node?: AzExtTreeItem): Promise<void> {
    const uri = (node as unknown) instanceof vscode.Uri ? (node as unknown as vscode.Uri) : undefined;
    const file = uri?.fsPath ?? (await pickWorkspaceFile(context, '**/{compose,docker-compose}*.{yaml,yml}', vscode.l10n.t('Compose file'), vscode.l10n.t('No compose file was found in the workspace.')));
    // A file that does not parse stops here, before anything runs.
    const summary = readComposeFile(await fs.readFile(file, 'utf8'), path.basename(file));
    const program: ComposeProgram = await detectCompose();
    if (program.kind === 'missing') {
        const install = vscode.l10n.t('How to Install');
        const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Compose is not installed: neither "docker compose" nor "docker-compose" was found on this machine.'), install);
        if (choice === install) {
            await vscode.env.openExternal(vscode.Uri.parse(composeInstallUrl));
        }
        return;
    }
    // From a host's row the host is known; from a file or the palette it is picked.
    const hostItem = await pickHost(context, services, uri ? undefined : node);
    const host = hostItem.host;
    requireTlsAccess(context, host, action === 'up' ? vscode.l10n.t('Compose Up') : vscode.l10n.t('Compose Down'));
    const address = engineAddress(host);
    if (!address) {
        throw new Error(vscode.l10n.t('{0} has no public address; start the VM first.', host.name));
    }
    let profiles: string[] = [];
    let selected: string[] = [];
    if (action === 'up') {
        if (summary.profiles.length) {
            profiles = (await context.ui.showQuickPick(summary.profiles.map((p) => ({ label: p, data: p })), { canPickMany: true, placeHolder: vscode.l10n.t('Profiles to enable (none: only services without a profile)') })).map((p) => p.data);
        }
        if (summary.services.length > 1) {
            const picked = await context.ui.showQuickPick(summary.services.map((s) => ({ label: s, data: s, picked: true })), { canPickMany: true, placeHolder: vscode.l10n.t('Services to start') });
            selected = picked.length === summary.services.length ? [] : picked.map((p) => p.data);
        }
        await confirmBindMounts(context, summary.binds, host.name);
    }
    const certDir = await hostCertDir(services.extensionContext.globalStorageUri.fsPath, host);
    const contextName = program.kind === 'v2' ? await hostContextName(host, certDir) : '';
    const invocation = composeInvocation(program, { address, port: host.tlsPort, certDir, contextName }, { action, file, profiles, services: selected });
    const terminal = new OutputTerminal(vscode.l10n.t('Compose {0} @ {1}', action === 'up' ? 'Up' : 'Down', host.name));
    terminal.note(`${invocation.command} ${invocation.args.join(' ')}`);
    const code = await withCancellableProgress(vscode.l10n.t('Compose {0} on {1}…', action === 'up' ? 'Up' : 'Down', host.name), (_progress, signal) =>
        runCompose(invocation, { cwd: path.dirname(file), onLine: (line) => terminal.line(line), signal: AbortSignal.any([signal, terminal.signal]) }),
    ).finally(() => refreshAfterAction(context, [hostItem.groups.get('container')]));
    terminal.note(vscode.l10n.t('Exit code {0}.', code));
    if (code !== 0) {
        throw new Error(vscode.l10n.t('Compose {0} failed with exit code {1}; its output is in the terminal.', action === 'up' ? 'Up' : 'Down', code));
    }
}
