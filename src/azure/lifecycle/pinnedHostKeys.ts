/**
 * The host keys the setup script printed, read from the setup extension's instance view (its
 * StdOut substatus) through ARM, and pinned in the host's folder the first time they are needed.
 */
import { parseHostKeyLines, pinHostKeys, readPinnedHostKeys, type HostKey } from '../../ssh/hostKeys';
import { actionRefused, azureActionError, type LifecycleDeps } from './lifecycleDeps';
import { setupExtensionName } from './setupExtensionRequest';

export async function hostKeysFromArm(deps: LifecycleDeps, host: { resourceGroup: string; name: string }, signal?: AbortSignal): Promise<HostKey[]> {
    let output: string;
    try {
        const ext = await deps.clients.compute.virtualMachineExtensions.get(host.resourceGroup, host.name, setupExtensionName, { expand: 'instanceView', abortSignal: signal });
        output = (ext.instanceView?.substatuses ?? []).filter((s) => /\/StdOut\//i.test(s.code ?? '')).map((s) => s.message ?? '').join('\n');
    } catch (error) {
        throw azureActionError(error, `reading the SSH host keys that the setup of ${host.name} reported`, deps);
    }
    return parseHostKeyLines(output);
}

/** The pinned keys; when none are pinned yet, the ones Azure reports, pinned now. Never trusts a key from the connection itself. */
export async function ensurePinnedHostKeys(deps: LifecycleDeps, host: { resourceGroup: string; name: string }, dir: string, signal?: AbortSignal): Promise<HostKey[]> {
    const pinned = await readPinnedHostKeys(dir);
    if (pinned.length) {
        return pinned;
    }
    const keys = await hostKeysFromArm(deps, host, signal);
    if (!keys.length) {
        throw actionRefused(`The SSH host keys of ${host.name} are not known: the output of its Docker setup, as Azure reports it, lists none, and a key is never trusted on first use.`,
            'Run Rotate Certificates on the host: the setup then reports its host keys through Azure.');
    }
    await pinHostKeys(dir, keys);
    return keys;
}
