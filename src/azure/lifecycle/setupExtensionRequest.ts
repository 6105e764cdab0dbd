import { randomUUID } from 'node:crypto';
import type { VirtualMachineExtension } from '@azure/arm-compute';
import type { SetupExtension } from '../../hostSetup/extensionSettings';
import { resourceNames } from '../create/plan';
import { setupExtensionRequest } from '../create/requestBodies';

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
