import * as assert from 'node:assert/strict';
import { formatAge, formatSize, imageRows, networkRows, volumeRows } from '../../src/docker/resourceRows';

const now = new Date('2026-11-29T12:00:00Z');

describe('engine resource rows', () => {
    it('formats sizes and ages as docker does', () => {
        assert.equal(formatSize(0), '0 B');
        assert.equal(formatSize(5_300), '5.3 KB');
        assert.equal(formatSize(87_000_000), '87 MB');
        assert.equal(formatSize(1_230_000_000), '1.2 GB');
        assert.equal(formatAge(new Date('2026-11-29T11:59:30Z'), now), 'just now');
        assert.equal(formatAge(new Date('2026-11-29T11:55:00Z'), now), '5 minutes ago');
        assert.equal(formatAge(new Date('2026-11-26T12:00:00Z'), now), '3 days ago');
        assert.equal(formatAge(new Date('2024-11-01T12:00:00Z'), now), '2 years ago');
    });

    it('shows an image once per tag, and a dangling one as <none>', () => {
        const rows = imageRows(
            [
                { id: 'sha256:aaaaaaaaaaaaaaaaaaaa', repoTags: ['web:1', 'web:latest'], dangling: false, size: 12_000_000, created: new Date('2026-11-28T12:00:00Z'), labels: {} },
                { id: 'sha256:bbbbbbbbbbbbbbbbbbbb', repoTags: [], dangling: true, size: 1000, created: now, labels: {} },
            ],
            now,
        );
        assert.deepEqual(rows.map((r) => [r.label, r.description, r.contextValue]), [
            ['<none> bbbbbbbbbbbb', '1 KB · just now', 'danglingImage'],
            ['web:1', '12 MB · 1 day ago', 'image'],
            ['web:latest', '12 MB · 1 day ago', 'image'],
        ]);
        assert.equal(rows[1].item.reference, 'web:1');
    });

    it('marks built-in networks so they cannot be removed from the menu', () => {
        const base = { scope: 'local', internal: false, labels: {} };
        const rows = networkRows([
            { ...base, id: '1', name: 'none', driver: 'null', builtIn: true },
            { ...base, id: '2', name: 'app', driver: 'bridge', builtIn: false },
        ] as never);
        assert.deepEqual(rows.map((r) => [r.label, r.contextValue]), [['app', 'network'], ['none', 'builtInNetwork']]);
        assert.deepEqual(volumeRows([{ name: 'data', driver: 'local', mountpoint: '/x', scope: 'local', labels: {} }]).map((r) => r.description), ['local']);
    });
});
