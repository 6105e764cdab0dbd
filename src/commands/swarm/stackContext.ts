import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { contextNameForHost, findContextsForHost, writeDockerContext } from '../../docker/cliContexts';
import { runCompose } from '../../docker/compose/composeCli';
import { stackInvocation, type StackRequest } from '../../docker/stackCli';
import { dockerEndpoint } from '../../host/dockerHost';
import { readClientMaterial } from '../../tls/storage';
import type { SwarmItem } from '../../tree/swarm/SwarmItem';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';

/**
 * Runs `docker stack deploy` or `docker stack rm` against the manager the swarm was read from,
 * through a docker context made for that VM (the one Create Docker Context made, or a new one
 * named after it), with the CLI's output in the output channel.
 */
export async function runStackCommand(services: Services, swarm: SwarmItem, request: StackRequest, title: string): Promise<void> {
    await swarm.read();
    const engine = swarm.managerEngine;
    if (!engine) {
        throw new Error(vscode.l10n.t('No manager of swarm {0} answered.', swarm.swarmName));
    }
    const host = engine.host;
    let [contextName] = await findContextsForHost(host.id);
    if (!contextName) {
        const endpoint = dockerEndpoint(host);
        if (!endpoint) {
            throw new Error(vscode.l10n.t('{0} has no public address, so the docker CLI cannot reach it.', host.name));
        }
        contextName = contextNameForHost(host.name);
        await writeDockerContext({ name: contextName, host: endpoint, tls: await readClientMaterial(engine.certDir), vmId: host.id, description: vscode.l10n.t("Azure Docker host {0} (swarm {1})", host.name, swarm.swarmName) });
    }
    const lines: string[] = [];
    const code = await withCancellableProgress(title, (_progress, signal) =>
        runCompose(stackInvocation(contextName, request), { cwd: request.action === 'deploy' ? path.dirname(request.file) : os.homedir(), signal, onLine: (line) => {
            lines.push(line);
            services.output.info(`[${contextName}] ${line}`);
        } }),
    );
    if (code !== 0) {
        throw new Error(vscode.l10n.t('docker stack {0} failed (exit code {1}): {2}', request.action === 'deploy' ? 'deploy' : 'rm', code, lines.slice(-5).join(' ')));
    }
}
