import { randomUUID } from 'node:crypto';
import type { VirtualMachineExtension } from '@azure/arm-compute';
import type { SetupExtension } from '../../hostSetup/extensionSettings';
import type { DockerHost } from '../../host/dockerHost';
import { resourceNames } from '../create/plan';
import { setupExtensionRequest } from '../create/requestBodies';
import { parseResourceId } from '../resourceId';
import { managedTag, provisioningTag } from '../tags';
import { azureActionError, getIfExists, lroOptions, type LifecycleDeps } from './lifecycleDeps';

/** The name create gives the setup extension; rotation and adoption use the same one. */
export const setupExtensionName = resourceNames({ name: '' }).extension;

/**
 * The setup extension's PUT body for an existing VM. A fresh forceUpdateTag makes the agent run
 * the script again even where it would treat the configuration as unchanged (its protected
 * settings are encrypted, so nothing else reliably marks a re-run).
 */
export function setupExtensionUpdate(extension: SetupExtension, location: string, tags: Record<string, string>): VirtualMachineExtension {
    return { ...setupExtensionRequest(extension, location, tags), forceUpdateTag: randomUUID() };
}

/** Runs a script on an existing host's VM through its setup extension, keeping the extension's tags. */
export async function pushSetupExtension(deps: LifecycleDeps, host: Pick<DockerHost, 'id' | 'location' | 'tags'>, extension: SetupExtension, signal?: AbortSignal): Promise<void> {
    const { resourceGroup, name } = parseResourceId(host.id);
    const extensions = deps.clients.compute.virtualMachineExtensions;
    try {
        const existing = await getIfExists(() => extensions.get(resourceGroup, name, setupExtensionName, { abortSignal: signal }));
        const tags = existing?.tags ?? { [managedTag]: 'true', ...(host.tags[provisioningTag] ? { [provisioningTag]: host.tags[provisioningTag] } : {}) };
        await extensions.createOrUpdate(resourceGroup, name, setupExtensionName, setupExtensionUpdate(extension, host.location, tags), lroOptions(deps, signal));
    } catch (error) {
        throw azureActionError(error, `running the Docker setup on VM ${name}`, deps);
    }
}
