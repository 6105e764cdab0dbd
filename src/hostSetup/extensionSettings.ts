import { renderEngineConfigScript, type EngineSettings } from './engineConfigScript';
import { renderRestoreScript, renderSetupScript, SetupScriptInput } from './setupScript';

/**
 * The VM extension that configures Docker's TLS. The rendered script carries the server key, so
 * it goes only in protectedSettings, which Azure encrypts for the VM; settings stays empty
 * because Azure returns it in clear on every GET.
 *
 * With @azure/arm-compute, put `type` in the model's `typePropertiesType` field.
 */
export interface SetupExtension {
    publisher: 'Microsoft.Azure.Extensions';
    type: 'CustomScript';
    typeHandlerVersion: '2.1';
    autoUpgradeMinorVersion: true;
    settings: Record<string, never>;
    protectedSettings: { script: string };
}

export function buildSetupExtension(input: SetupScriptInput): SetupExtension {
    return customScript(renderSetupScript(input));
}

/** The same extension running the restore script: the VM's Docker files as they were before the last setup. */
export function buildRestoreExtension(): SetupExtension {
    return customScript(renderRestoreScript());
}

/** The same extension changing the engine's log rotation and live-restore (Configure Engine…). */
export function buildEngineConfigExtension(settings: EngineSettings): SetupExtension {
    return customScript(renderEngineConfigScript(settings));
}

function customScript(script: string): SetupExtension {
    return {
        publisher: 'Microsoft.Azure.Extensions',
        type: 'CustomScript',
        typeHandlerVersion: '2.1',
        autoUpgradeMinorVersion: true,
        settings: {},
        protectedSettings: { script: Buffer.from(script, 'utf8').toString('base64') },
    };
}
