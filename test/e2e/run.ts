/**
 * The e2e runner: `node out/test/e2e/run.js [--grep RE]`. Runs every out/test/e2e/*.e2e.test.js
 * with mocha in this process. Each scenario starts what it needs (the Azure emulator, code-server
 * with the packaged VSIX, Chromium) through test/e2e/environment.ts and stops it afterwards.
 * Screenshots go to test-results/e2e/ (and the documentation ones to docs/screenshots/).
 * Exits non-zero on any failure, or when no scenario ran.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../harness/paths';

interface MochaLike {
    addFile(f: string): void;
    loadFilesAsync(): Promise<void>;
    run(cb: (failures: number) => void): { on(ev: string, fn: (...a: unknown[]) => void): void };
}

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    const grepAt = args.indexOf('--grep');
    const dir = path.join(repoRoot(), 'out', 'test', 'e2e');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.test.js')).sort().map((f) => path.join(dir, f));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(require.resolve('mocha', { paths: [repoRoot()] }));
    const Mocha = (mod.Mocha ?? mod.default ?? mod) as new (o: object) => MochaLike;
    const mocha = new Mocha({
        ui: 'bdd',
        reporter: 'spec',
        timeout: Number(process.env.ADH_E2E_TIMEOUT_MS ?? 240_000),
        // Always, as in the other layers: a focused or skipped scenario makes a green run claim checks that did not run.
        forbidOnly: true,
        forbidPending: true,
        grep: grepAt >= 0 ? args[grepAt + 1] : undefined,
    });
    files.forEach((f) => mocha.addFile(f));
    await mocha.loadFilesAsync();
    let ran = 0;
    const failures = await new Promise<number>((resolve) => {
        const runner = mocha.run(resolve);
        runner.on('test end', () => ran++);
    });
    if (ran === 0) {
        console.error(`no e2e scenarios ran (looked in ${dir})`);
        return 1;
    }
    return failures > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(err);
        process.exit(1);
    },
);
