/**
 * Measured by bench/activation.bench.ts, not part of the test suite: in one extension host, the cold
 * activation (loading the main file and running activate()) of this extension and of an empty one
 * (test/extension-bench/empty-extension), in the order ADH_BENCH_ORDER names. It writes both figures
 * to ADH_BENCH_OUT; the benchmark, not this file, judges them.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const ids = { extension: 'azure-docker-hosts.azure-docker-hosts', empty: 'adh.empty-extension' } as const;

async function activationMs(id: string): Promise<number> {
    const ext = vscode.extensions.getExtension(id);
    assert.ok(ext, `${id} is not installed`);
    assert.equal(ext.isActive, false, `something activated ${id} before the measurement`);
    const started = performance.now();
    await ext.activate();
    return performance.now() - started;
}

describe('activation benchmark', () => {
    it('activates the extension and the empty one once each, cold, and records how long each took', async () => {
        // Let the extension host finish its own start-up (built-in extensions, the test runner), so the
        // figures are the activations rather than the host's contention.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        const order = process.env.ADH_BENCH_ORDER === 'empty-first' ? (['empty', 'extension'] as const) : (['extension', 'empty'] as const);
        const figures: Record<string, number> = {};
        for (const which of order) {
            figures[`${which}Ms`] = await activationMs(ids[which]);
            await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        // For information: what the first read of a view or the first command adds after activation
        // (reading the API's tree loads the main module, as opening the view does).
        const started = performance.now();
        assert.ok((vscode.extensions.getExtension(ids.extension)!.exports as { tree?: unknown }).tree);
        figures.mainModuleMs = performance.now() - started;
        const out = process.env.ADH_BENCH_OUT;
        assert.ok(out, 'ADH_BENCH_OUT is not set');
        writeFileSync(out, JSON.stringify(figures));
    });
});
