/**
 * `npm start`: the extension against the bundled Azure emulator, with no Azure account. Starts the
 * emulator with the demo world (VMs created in it are backed by real dockerd), then code-server with
 * the packaged extension configured for it as a custom cloud, and prints the URL to open. Ctrl-C
 * stops everything it started.
 */
import { dockerBackedVms } from '../emulator/dockerBackedVms';
import { parseLatency } from '../emulator/main';
import { demoSeedPath, loadSeed } from '../emulator/seed';
import { startEmulator } from '../emulator/server';
import { startCodeServer } from './codeServer';
import { vsixPath } from './paths';

async function main(): Promise<void> {
    const latency = parseLatency(process.env.ADH_LATENCY ?? 'azure-typical:20');
    const engines = dockerBackedVms();
    const emulator = await startEmulator({ seed: loadSeed(demoSeedPath()), latency, ...engines.hooks });
    const codeServer = await startCodeServer({
        vsixPath: vsixPath(),
        port: Number(process.env.ADH_PORT ?? 8080),
        settings: emulator.vscodeSettings(),
        env: emulator.env(),
    });
    let stopping = false;
    const stop = async (): Promise<void> => {
        if (stopping) {
            return;
        }
        stopping = true;
        console.log('\nStopping code-server, the emulator and its engines…');
        await codeServer.stop().catch(() => undefined);
        await engines.stopAll().catch(() => undefined);
        await emulator.stop().catch(() => undefined);
        process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
    console.log(
        [
            '',
            'Azure Docker Hosts is running against the Azure emulator (no Azure account needed).',
            `  Open:      ${codeServer.url}`,
            `  Emulator:  ${emulator.url} (latency ${latency.name === 'instant' ? 'instant' : `azure-typical ÷${latency.scale}`}; ADH_LATENCY changes it)`,
            '  Try:       the "Azure Docker Hosts" activity-bar entry, then "+" (Create Docker Host VM).',
            '  Stop:      Ctrl-C',
            '',
        ].join('\n'),
    );
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
