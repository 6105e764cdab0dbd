/**
 * Starts the Azure emulator with the demo world for the extension-host suite; runExtensionTests.ts
 * passes its environment and settings to code-server, exactly as a user's custom cloud would be set.
 * VMs that get the setup extension are backed by real dockerd instances.
 */
import { dockerBackedVms } from '../emulator/dockerBackedVms';
import { loadSeed, demoSeedPath } from '../emulator/seed';
import { startEmulator } from '../emulator/server';
import type { GlobalSetup } from '../harness/runExtensionTests';

export async function setup(): Promise<GlobalSetup> {
    const engines = dockerBackedVms();
    const emulator = await startEmulator({ seed: loadSeed(demoSeedPath()), onSetupExtension: engines.onSetupExtension, onVmPower: engines.onVmPower });
    return {
        env: { ...emulator.env(), ADH_TEST_EMULATOR_URL: emulator.url },
        settings: emulator.vscodeSettings(),
        teardown: async () => {
            await engines.stopAll();
            await emulator.stop();
        },
    };
}
