/**
 * Create Docker Context for an SSH-only host: an `ssh://user@adh-<name>` context, and the managed
 * Host block in ~/.ssh/config that gives that name its address, key and pinned host keys, so the
 * docker CLI works without a prompt and never trusts a host key on first use.
 */
import { writeDockerContext } from '../../docker/cliContexts';
import { cliContextTarget, type DockerHost } from '../../host/dockerHost';
import { engineSshTarget } from './hostSshAccess';
import { writeSshConfigFor } from './hostSshConfig';
import type { LifecycleDeps } from './lifecycleDeps';

export interface SshContextOptions {
    readonly overwrite?: boolean;
    readonly dockerConfigDir?: string;
    readonly sshConfigFile?: string;
    readonly signal?: AbortSignal;
}

export async function writeSshDockerContext(deps: LifecycleDeps, host: DockerHost, dir: string, name: string, options: SshContextOptions = {}): Promise<void> {
    const { description, vmId } = cliContextTarget(host);
    // The engine's own target: its refusal (no key here) names the engine, not the SSH config.
    const target = await engineSshTarget(deps, host, dir, options.signal);
    const { alias, user } = await writeSshConfigFor(host, dir, target, options.sshConfigFile);
    await writeDockerContext({ name, description, vmId, host: `ssh://${user}@${alias}` }, { configDir: options.dockerConfigDir, overwrite: options.overwrite });
}
