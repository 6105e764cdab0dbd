/**
 * The managed `Host` block in ~/.ssh/config for one host: its alias, address, user, the key it was
 * created with and its pinned host keys. The docker CLI's ssh:// context and Remote-SSH both log in
 * through it, so neither prompts nor trusts a host key on first use.
 */
import { cliContextTarget, type DockerHost } from '../../host/dockerHost';
import { sshAliasForHost, writeSshConfigHost } from '../../ssh/sshConfigHosts';
import type { SshTarget } from '../../ssh/sshConnection';
import { hostSshAccess } from './hostSshAccess';
import { actionRefused, type LifecycleDeps } from './lifecycleDeps';

export interface HostSshConfigOptions {
    readonly sshConfigFile?: string;
    readonly signal?: AbortSignal;
}

/** Writes (or replaces) the host's block and returns the alias and user to log in with. */
export async function writeHostSshConfig(deps: LifecycleDeps, host: DockerHost, dir: string, options: HostSshConfigOptions = {}): Promise<HostSshAlias> {
    const access = await hostSshAccess(deps, host, dir, options.signal);
    if (!access.privateKeyPath) {
        throw actionRefused(`This computer does not know which SSH key ${host.name} accepts (the host was not created here), so no SSH config entry can name it.`,
            'Use Open SSH Terminal with your own key, or create the host from this computer.');
    }
    return writeSshConfigFor(host, dir, { ...access, privateKeyPath: access.privateKeyPath }, options.sshConfigFile);
}

export interface HostSshAlias {
    readonly alias: string;
    readonly user: string;
}

/** The block for a target already resolved (its key known), for callers that resolved it themselves. */
export async function writeSshConfigFor(host: DockerHost, dir: string, target: SshTarget, sshConfigFile?: string): Promise<HostSshAlias> {
    const alias = sshAliasForHost(host.name);
    const { vmId } = cliContextTarget(host);
    await writeSshConfigHost({ vmId, alias, address: target.address, user: target.user, identityFile: target.privateKeyPath, hostDir: dir }, sshConfigFile);
    return { alias, user: target.user };
}
