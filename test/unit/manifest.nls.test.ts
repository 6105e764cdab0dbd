import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/paths';

/** Manifest properties VS Code shows to the user. */
const shown = new Set(['title', 'description', 'markdownDescription', 'contents', 'name', 'contextualTitle', 'displayName', 'shortTitle', 'enumDescriptions']);

function strings(node: unknown, path: string, out: { path: string; value: string }[]): void {
    if (Array.isArray(node)) {
        node.forEach((v, i) => strings(v, `${path}[${i}]`, out));
    } else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
            if (shown.has(k) && typeof v === 'string') {
                out.push({ path: `${path}.${k}`, value: v });
            } else if (k === 'enumDescriptions' && Array.isArray(v)) {
                v.forEach((s, i) => typeof s === 'string' && out.push({ path: `${path}.${k}[${i}]`, value: s }));
            } else {
                strings(v, `${path}.${k}`, out);
            }
        }
    }
}

describe('manifest strings are localisable', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { contributes: unknown };
    const nls = JSON.parse(readFileSync(join(repoRoot(), 'package.nls.json'), 'utf8')) as Record<string, string>;
    const found: { path: string; value: string }[] = [];
    strings(manifest.contributes, 'contributes', found);

    it('every string the user sees is a %key% (so a translation can replace it)', () => {
        assert.ok(found.length > 50, `only ${found.length} strings found: the walk missed the manifest`);
        assert.deepEqual(found.filter((s) => !/^%[\w.-]+%$/.test(s.value)).map((s) => `${s.path}: ${s.value}`), []);
    });

    it('every %key% has its English text in package.nls.json', () => {
        const keys = found.map((s) => /^%([\w.-]+)%$/.exec(s.value)?.[1]).filter((k): k is string => k !== undefined);
        assert.deepEqual(keys.filter((k) => !(k in nls)), []);
    });
});
