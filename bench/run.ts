/**
 * Runs the benchmarks (all, or those named on the command line), writes each result to
 * bench/results/<name>.json and rewrites the table in docs/performance.md from every result file,
 * so the figures are readable without running anything. `node out/bench/run.js report` only rewrites
 * docs/performance.md (after editing bench/NOTES.md).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from './result';

const root = join(__dirname, '..', '..');
const resultsDir = join(root, 'bench', 'results');
const benches: Record<string, () => Promise<Result>> = {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    executor: () => (require('./executor.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    hostListing: () => (require('./hostListing.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    activation: () => (require('./activation.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engineEvents: () => (require('./engineEvents.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    largeHost: () => (require('./largeHost.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    logs: () => (require('./logs.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    createHost: () => (require('./createHost.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    createSwarm: () => (require('./createSwarm.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    swarmScale: () => (require('./swarmScale.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    buildContext: () => (require('./buildContext.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    portForward: () => (require('./portForward.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sshEngine: () => (require('./sshEngine.bench') as { run(): Promise<Result> }).run(),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pushImage: () => (require('./pushImage.bench') as { run(): Promise<Result> }).run(),
};

function formatFigures(figures: Record<string, number>): string {
    return Object.entries(figures)
        .map(([name, value]) => `${name} = ${Number.isInteger(value) ? value : value.toFixed(3)}`)
        .join('<br>');
}

function writeReport(): void {
    const rows = readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as Result & { measuredAt: string; machine: string });
    const table = rows.map((r) => `| ${r.name} | ${r.goal} | ${formatFigures(r.figures)} | ${r.pass ? 'met' : '**not met**'} | ${r.measuredAt} |`);
    const doc = [
        '# Performance',
        '',
        'Every figure is a ratio or a latency measured in one run, so the machine\'s speed largely cancels out. Each row comes from `bench/results/<name>.json`, written by `npm run bench` (this file is regenerated from them).',
        '',
        '| benchmark | goal | figures | result | measured |',
        '|---|---|---|---|---|',
        ...table,
        '',
        readFileSync(join(root, 'bench', 'NOTES.md'), 'utf8').trim(),
        '',
    ].join('\n');
    writeFileSync(join(root, 'docs', 'performance.md'), doc);
}

async function main(): Promise<void> {
    const wanted = process.argv.slice(2);
    // `report`: rewrite docs/performance.md from the saved results and bench/NOTES.md, measuring nothing.
    if (wanted.length === 1 && wanted[0] === 'report') {
        writeReport();
        return;
    }
    const names = wanted.length > 0 ? wanted : Object.keys(benches);
    mkdirSync(resultsDir, { recursive: true });
    let failed = false;
    for (const name of names) {
        const bench = benches[name];
        if (!bench) {
            throw new Error(`Unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
        }
        const result = await bench();
        const record = { ...result, measuredAt: new Date().toISOString().slice(0, 10), machine: `${process.platform} ${process.arch}, Node ${process.version}` };
        writeFileSync(join(resultsDir, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
        console.log(`${name}: ${result.pass ? 'goal met' : 'goal NOT met'} — ${formatFigures(result.figures).replace(/<br>/g, ', ')}`);
        failed ||= !result.pass;
    }
    writeReport();
    if (failed) {
        console.log('Some goals were not met; see docs/performance.md.');
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
