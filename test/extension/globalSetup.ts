/**
 * Starts the Azure emulator with the demo world for the extension-host suite; runExtensionTests.ts
 * passes its environment and settings to code-server, exactly as a user's custom cloud would be set.
 */
import { loadSeed, demoSeedPath } from '../emulator/seed';
import { startEmulator } from '../emulator/server';
import type { GlobalSetup } from '../harness/runExtensionTests';

export async function setup(): Promise<GlobalSetup> {
    const emulator = await startEmulator({ seed: loadSeed(demoSeedPath()) });
    return {
        env: { ...emulator.env(), ADH_TEST_EMULATOR_URL: emulator.url },
        settings: { ...emulator.vscodeSettings(), 'azureDockerHosts.publicIpLookupUrl': `${emulator.url}/emulator/public-ip` },
        teardown: () => emulator.stop(),
    };
}
