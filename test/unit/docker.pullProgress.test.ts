import * as assert from 'node:assert/strict';
import { PullProgressTracker } from '../../src/docker/pullProgress';

describe('pull progress', () => {
    it('folds layer messages into one monotonic fraction and a readable message', () => {
        const t = new PullProgressTracker();
        const seen = [
            { status: 'Pulling from library/demo', id: 'v1' },
            { status: 'Pulling fs layer', id: 'aaaaaaaaaaaa' },
            { status: 'Already exists', id: 'bbbbbbbbbbbb' },
            { status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 50, total: 100 } },
            { status: 'Download complete', id: 'aaaaaaaaaaaa' },
            { status: 'Extracting', id: 'aaaaaaaaaaaa', progressDetail: { current: 100, total: 100 } },
            { status: 'Pull complete', id: 'aaaaaaaaaaaa' },
            { status: 'Digest: sha256:' + 'c'.repeat(64) },
            { status: 'Status: Downloaded newer image for demo:v1' },
        ].map((m) => t.update(m));
        assert.deepEqual(seen.map((p) => p.fraction), [0, 0, 0.5, 0.625, 0.75, 1, 1, 1, 1]);
        assert.equal(seen[3].message, '1/2 layers · Downloading 50%');
        assert.equal(seen[3].layer, 'aaaaaaaaaaaa');
        assert.equal(seen[0].layer, undefined);
        assert.equal(t.digest, 'sha256:' + 'c'.repeat(64));
        assert.equal(t.finalStatus, 'Downloaded newer image for demo:v1');
    });

    it('never goes back when a late Downloading follows Download complete', () => {
        const t = new PullProgressTracker();
        t.update({ status: 'Download complete', id: 'aaaaaaaaaaaa' });
        assert.equal(t.update({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 1, total: 100 } }).fraction, 0.5);
    });
});
