/**
 * Runs the Azure emulator until SIGINT/SIGTERM and prints how to point things at it:
 *   node out/test/emulator/main.js [--seed path|demo] [--latency instant|azure-typical[:scale]] [--port N] [--state-dir DIR]
 * Prints the environment variables (including the emulator's own throwaway client secret, and
 * nothing else secret) and the VS Code settings JSON. With --json, prints one JSON object instead.
 */
import type { LatencyProfile } from './latencyProfile';
import { demoSeedPath, loadSeed } from './seed';
import type { Seed } from './seed';
import { startEmulator } from './server';

interface Args { seed?: Seed; latency: LatencyProfile; port?: number; stateDir?: string; json: boolean }

export function parseLatency(text: string): LatencyProfile {
    if (text === 'instant') {
        return { name: 'instant' };
    }
    const m = /^azure-typical(?::(\d+(?:\.\d+)?))?$/.exec(text);
    if (!m) {
        throw new Error(`--latency must be instant or azure-typical[:scale], not ${text}`);
    }
    const scale = m[1] ? Number(m[1]) : 1;
    if (!(scale > 0)) {
        throw new Error('the azure-typical scale must be a positive number');
    }
    return { name: 'azure-typical', scale };
}

function parseArgs(argv: string[]): Args {
    const args: Args = { latency: { name: 'instant' }, json: false };
    for (let i = 0; i < argv.length; i++) {
        const next = (): string => {
            const v = argv[++i];
            if (v === undefined) {
                throw new Error(`${argv[i - 1]} needs a value`);
            }
            return v;
        };
        switch (argv[i]) {
            case '--seed': {
                const v = next();
                args.seed = loadSeed(v === 'demo' ? demoSeedPath() : v);
                break;
            }
            case '--latency': args.latency = parseLatency(next()); break;
            case '--port': args.port = Number(next()); break;
            case '--state-dir': args.stateDir = next(); break;
            case '--json': args.json = true; break;
            case '--help':
                console.log('usage: node out/test/emulator/main.js [--seed path|demo] [--latency instant|azure-typical[:scale]] [--port N] [--state-dir DIR] [--json]');
                process.exit(0);
                break;
            default: throw new Error(`unknown argument ${argv[i]}`);
        }
    }
    return args;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const emulator = await startEmulator({ seed: args.seed, latency: args.latency, port: args.port, stateDir: args.stateDir });
    // Before anything is printed: whoever reads the output may signal at once.
    const stop = (): void => {
        void emulator.stop().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    const env = emulator.env();
    if (args.json) {
        console.log(JSON.stringify({ url: emulator.url, env, vscodeSettings: emulator.vscodeSettings() }));
    } else {
        console.log(`Azure emulator listening on ${emulator.url} (latency: ${args.latency.name === 'instant' ? 'instant' : `azure-typical ÷${args.latency.scale}`})`);
        console.log('\n# Environment (the client secret is this emulator\'s own throwaway value):');
        for (const [k, v] of Object.entries(env)) {
            console.log(`export ${k}=${shellQuote(v)}`);
        }
        console.log('\n# VS Code settings (settings.json):');
        console.log(JSON.stringify(emulator.vscodeSettings(), null, 2));
        console.log('\nPress Ctrl+C to stop.');
    }
}

function shellQuote(s: string): string {
    return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

if (require.main === module) {
    main().catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    });
}
