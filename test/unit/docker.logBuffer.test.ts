import * as assert from 'node:assert/strict';
import { LogBuffer } from '../../src/docker/logBuffer';

describe('log buffer', () => {
    it('keeps the newest lines in order, and counts what it dropped', () => {
        const b = new LogBuffer(3);
        assert.equal(b.text(), '');
        for (const line of ['a', 'b', 'c', 'd', 'e']) {
            b.append(line);
        }
        assert.equal(b.text(), 'c\nd\ne\n');
        assert.deepEqual([b.received, b.dropped, b.kept], [5, 2, 3]);
    });

    it('is bounded by characters too, but always keeps the newest line', () => {
        const b = new LogBuffer(100, 10);
        b.append('12345');
        b.append('678');
        assert.equal(b.text(), '12345\n678\n');
        b.append('x'.repeat(20));
        assert.equal(b.text(), `${'x'.repeat(20)}\n`);
        assert.equal(b.dropped, 2);
    });

    it('takes 1,000,000 lines in order through many compactions, in linear time', () => {
        const b = new LogBuffer(10_000);
        const t0 = performance.now();
        for (let i = 0; i < 1_000_000; i++) {
            b.append(String(i));
        }
        const ms = performance.now() - t0;
        const kept = b.text().trimEnd().split('\n').map(Number);
        assert.equal(kept.length, 10_000);
        assert.ok(kept.every((n, i) => n === 990_000 + i), 'the newest 10,000, in order');
        assert.deepEqual([b.received, b.dropped], [1_000_000, 990_000]);
        // Slicing the text per line, as round 1 did, takes minutes here.
        assert.ok(ms < 2000, `${Math.round(ms)} ms`);
    });
});
