/**
 * Who logs in to a host over SSH, with which key, and which host keys are accepted: the host
 * record's user and key (the VM's osProfile user when this computer has no record), and the keys
 * pinned from the setup's output (read through ARM the first time). Open SSH Terminal, port
 * forwards and an SSH-only host's engine all start here.
 */
import { engineAddress, type DockerHost } from '../../host/dockerHost';
import { readHostRecord } from '../../host/hostFiles';
import type { SshTarget } from '../../ssh/sshConnection';
import { actionRefused, type LifecycleDeps } from './lifecycleDeps';
import { ensurePinnedHostKeys } from './pinnedHostKeys';

/** A host's SSH target; the key is unknown for a VM that was not created here (ssh then uses the user's own keys). */
export type HostSsh = Omit<SshTarget, 'privateKeyPath'> & { readonly privateKeyPath?: string };

export async function hostSshAccess(deps: LifecycleDeps, host: Pick<DockerHost, 'name' | 'resourceGroup' | 'publicIp' | 'fqdn'>, dir: string, signal?: AbortSignal): Promise<HostSsh> {
    const address = engineAddress(host);
    if (!address) {
        throw actionRefused(`${host.name} has no public address.`, 'Start the VM first.');
    }
    const record = await readHostRecord(dir);
    const user = record?.adminUser ?? (await deps.clients.compute.virtualMachines.get(host.resourceGroup, host.name, { abortSignal: signal })).osProfile?.adminUsername;
    if (!user) {
        throw actionRefused(`Cannot tell the admin user of ${host.name}.`);
    }
    const pinned = await ensurePinnedHostKeys(deps, host, dir, signal);
    return { hostName: host.name, address, user, privateKeyPath: record?.sshPrivateKeyPath, pinned };
}

/** The target an SSH-only host's engine is reached through: it needs the private key this computer created the host with. */
export async function engineSshTarget(deps: LifecycleDeps, host: Pick<DockerHost, 'name' | 'resourceGroup' | 'publicIp' | 'fqdn'>, dir: string, signal?: AbortSignal): Promise<SshTarget> {
    const access = await hostSshAccess(deps, host, dir, signal);
    if (!access.privateKeyPath) {
        throw actionRefused(`The engine of ${host.name} is reached only over SSH, and this computer does not know which SSH key the VM accepts (the host was not created here).`,
            'Switch its engine access to TLS from the computer that created it, or reset the VM\'s SSH key in the Azure portal and create the host record again.');
    }
    return { ...access, privateKeyPath: access.privateKeyPath };
}
