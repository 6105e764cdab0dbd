import { randomUUID } from 'node:crypto';
import type { VirtualMachineExtension } from '@azure/arm-compute';
import type { SetupExtension } from '../../hostSetup/extensionSettings';
import { resourceNames } from '../create/plan';

/** The name create gives the setup extension; rotation and adoption use the same one. */
export const setupExtensionName = resourceNames({ name: '' }).extension;

/**
 * The setup extension's PUT body for an existing VM. A fresh forceUpdateTag makes the agent run
 * the script again even where it would treat the configuration as unchanged (its protected
 * settings are encrypted, so nothing else reliably marks a re-run).
 */
export function setupExtensionUpdate(extension: SetupExtension, location: string, tags: Record<string, string>): VirtualMachineExtension {
    return {
        location,
        tags,
        forceUpdateTag: randomUUID(),
        publisher: extension.publisher,
        // arm-compute names the extension's type `typePropertiesType`; `type` would be dropped from the body.
        typePropertiesType: extension.type,
        typeHandlerVersion: extension.typeHandlerVersion,
        autoUpgradeMinorVersion: extension.autoUpgradeMinorVersion,
        settings: extension.settings,
        protectedSettings: extension.protectedSettings,
    };
}
