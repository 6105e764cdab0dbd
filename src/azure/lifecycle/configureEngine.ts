import { refusedEngineSettings, type EngineSettings } from '../../hostSetup/engineConfigScript';
import { buildEngineConfigExtension } from '../../hostSetup/extensionSettings';
import { scriptErrorIn } from '../../hostSetup/setupScript';
import type { DockerHost } from '../../host/dockerHost';
import { actionRefused, AzureActionError, type LifecycleDeps } from './lifecycleDeps';
import { pushSetupExtension } from './setupExtensionRequest';
import { readPowerState } from './vmPower';

export interface ConfigureEngineOptions {
    readonly deps: LifecycleDeps;
    readonly host: Pick<DockerHost, 'id' | 'name' | 'location' | 'tags' | 'legacy'>;
    readonly settings: EngineSettings;
    /** What the engine reports now (its swarm state decides whether live-restore is allowed). */
    readonly current: { readonly swarmActive: boolean };
    readonly signal?: AbortSignal;
}

/**
 * Changes the engine's log rotation and live-restore in the VM's daemon.json through the setup
 * extension, keeping the rest of the file. The script itself puts the previous daemon.json back
 * when anything after its backup fails, the engine not running with the new file included.
 * Throws with what failed and how the VM is left.
 */
export async function configureEngine(options: ConfigureEngineOptions): Promise<void> {
    const { deps, host, settings, signal } = options;
    if (host.legacy) {
        throw actionRefused(`${host.name} was set up by the retired Docker VM extension, which this extension does not change.`, 'Use "Enable Docker on Existing VM" after removing the old DockerExtension from the VM.');
    }
    const refused = refusedEngineSettings(settings, options.current);
    if (refused) {
        throw actionRefused(refused, 'Nothing was changed.');
    }
    const power = await readPowerState(deps, host.id, signal);
    if (power !== 'running') {
        throw actionRefused(`${host.name} is ${power}, and Azure runs VM extensions only on a running VM.`, 'Start the VM, then configure the engine again.');
    }
    try {
        await pushSetupExtension(deps, host, buildEngineConfigExtension(settings), signal);
    } catch (error) {
        const said = scriptErrorIn(fullMessage(error));
        // The script checks that the engine runs with the new file and, if not, puts the previous one
        // back itself. No restore run is sent from here: when Azure failed before the script ran, an
        // older setup's backup would be put back instead.
        const outcome = said !== undefined
            ? 'The VM keeps its previous engine settings.'
            : 'If the script ran on the VM, it put the previous daemon.json back unless the engine started with the new one; refresh the host to see which settings it has.';
        // Azure's description (with its correlation id) stays; the fix says where the VM is left.
        const cause = `Configuring the engine of ${host.name} failed: ${said ?? (error instanceof AzureActionError ? error.description.cause : String(error))}`;
        throw new AzureActionError({ ...(error instanceof AzureActionError ? error.description : { kind: 'other' }), cause, fix: outcome }, { cause: error });
    }
}

/** Every message down the error's causes: the script's output is in the SDK error's, below Azure's summary. */
function fullMessage(error: unknown): string {
    const messages: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) {
        messages.push(e.message);
    }
    return messages.join('\n');
}
