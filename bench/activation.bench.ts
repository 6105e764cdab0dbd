/**
 * Cold activation of the packaged extension in code-server's extension host (load of
 * dist/extension.js plus activate()), over five fresh instances, and the VSIX's size.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionTests } from '../test/harness/runExtensionTests';
import { vsixPath } from '../test/harness/paths';
import type { Result } from './result';

export async function run(): Promise<Result> {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
        const out = join(mkdtempSync(join(tmpdir(), 'adh-bench-')), 'activation.json');
        process.env.ADH_BENCH_OUT = out;
        const result = await runExtensionTests({ vsixPath: vsixPath(), testsGlob: join(__dirname, '..', 'test', 'extension-bench', 'activation.test.js') });
        if (result.failed > 0 || result.passed !== 1) {
            throw new Error(`the activation measurement failed: ${JSON.stringify(result.tests)}`);
        }
        samples.push((JSON.parse(readFileSync(out, 'utf8')) as { activationMs: number }).activationMs);
    }
    const activationMs = [...samples].sort((a, b) => a - b)[2];
    const vsixKb = statSync(vsixPath()).size / 1024;
    return {
        name: 'activation-and-size',
        figures: { activationMsMedian: activationMs, activationMsMax: Math.max(...samples), vsixKb },
        goal: 'activation ≤ 50 ms (median of 5 cold starts in code-server) and VSIX ≤ 2 MB',
        pass: activationMs <= 50 && vsixKb <= 2048,
    };
}
