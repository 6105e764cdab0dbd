/**
 * Starts the Azure emulator with the demo world for the extension-host suite; runExtensionTests.ts
 * passes its environment and settings to code-server, exactly as a user's custom cloud would be set.
 * VMs that get the setup extension are backed by real dockerd instances.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerBackedVms } from '../emulator/dockerBackedVms';
import { loadSeed, demoSeedPath } from '../emulator/seed';
import { startEmulator } from '../emulator/server';
import type { GlobalSetup } from '../harness/runExtensionTests';

export async function setup(): Promise<GlobalSetup> {
    const engines = dockerBackedVms();
    const emulator = await startEmulator({ seed: loadSeed(demoSeedPath()), ...engines.hooks });
    // The docker CLI's contexts go here, not into the machine's ~/.docker.
    const dockerConfig = mkdtempSync(join(tmpdir(), 'adh-docker-config-'));
    return {
        env: { ...emulator.env(), ADH_TEST_EMULATOR_URL: emulator.url, DOCKER_CONFIG: dockerConfig },
        settings: emulator.vscodeSettings(),
        teardown: async () => {
            await engines.stopAll();
            await emulator.stop();
            rmSync(dockerConfig, { recursive: true, force: true });
        },
    };
}
