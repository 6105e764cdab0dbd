/**
 * Cold activation of the packaged extension ÷ that of an empty extension, both in the same
 * code-server extension host (load of the main file plus activate()), over five fresh instances
 * that alternate which goes first; and the VSIX's size. A ratio, because the absolute time on a
 * shared machine moves by a third from one run to the next. The main module's load (what the first
 * read of a view or the first command adds after activation) is reported beside it, for information.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExtensionTests } from '../test/harness/runExtensionTests';
import { repoRoot, vsixPath } from '../test/harness/paths';
import type { Result } from './result';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<Result> {
    const ours: number[] = [];
    const empty: number[] = [];
    const mainModule: number[] = [];
    for (let i = 0; i < 5; i++) {
        const out = join(mkdtempSync(join(tmpdir(), 'adh-bench-')), 'activation.json');
        process.env.ADH_BENCH_OUT = out;
        process.env.ADH_BENCH_ORDER = i % 2 === 0 ? 'empty-first' : 'extension-first';
        const result = await runExtensionTests({
            vsixPath: vsixPath(),
            testsGlob: join(__dirname, '..', 'test', 'extension-bench', 'activation.test.js'),
            extensionDirs: [join(repoRoot(), 'test', 'extension-bench', 'empty-extension')],
        });
        if (result.failed > 0 || result.passed !== 1) {
            throw new Error(`the activation measurement failed: ${JSON.stringify(result.tests)}`);
        }
        const figures = JSON.parse(readFileSync(out, 'utf8')) as { extensionMs: number; emptyMs: number; mainModuleMs: number };
        ours.push(figures.extensionMs);
        empty.push(figures.emptyMs);
        mainModule.push(figures.mainModuleMs);
    }
    console.log(`activation runs (ms): extension ${ours.map((v) => v.toFixed(1)).join(' ')}; empty ${empty.map((v) => v.toFixed(1)).join(' ')}`);
    const vsixKb = statSync(vsixPath()).size / 1024;
    const ratio = median(ours) / median(empty);
    return {
        name: 'activation-and-size',
        figures: { activationMsMedian: median(ours), emptyExtensionActivationMsMedian: median(empty), activationOverEmpty: ratio, mainModuleLoadMsMedian: median(mainModule), vsixKb },
        goal: 'activation ÷ an empty extension\'s activation ≤ 1.3 (medians of 5 code-server runs, both in each run) and VSIX ≤ 1 MB',
        pass: ratio <= 1.3 && vsixKb <= 1024,
    };
}
