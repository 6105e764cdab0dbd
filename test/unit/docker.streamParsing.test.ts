import * as assert from 'node:assert/strict';
import { FrameDemuxer, type StreamKind } from '../../src/docker/demux';
import { LineSplitter } from '../../src/docker/lineSplitter';

function frame(kind: 1 | 2, text: string): Buffer {
    const payload = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = kind;
    header.writeUInt32BE(payload.length, 4);
    return Buffer.concat([header, payload]);
}

describe('stream parsing', () => {
    it('splits lines across chunks, keeps a UTF-8 character split between chunks, strips \\r', () => {
        const s = new LineSplitter();
        const bytes = Buffer.from('one\r\ntwo 测');
        assert.deepEqual(s.push(bytes.subarray(0, bytes.length - 1)), ['one']);
        assert.deepEqual(s.push(Buffer.concat([bytes.subarray(bytes.length - 1), Buffer.from('试\nthree')])), ['two 测试']);
        assert.equal(s.flush(), 'three');
        assert.equal(s.flush(), undefined);
        assert.deepEqual(new LineSplitter().push('\n\n'), ['', '']);
    });

    it('demultiplexes frames split anywhere, several per chunk', () => {
        const got: [StreamKind, string][] = [];
        const d = new FrameDemuxer((kind, payload) => got.push([kind, payload.toString()]));
        const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'é'), frame(1, '')]);
        for (let i = 0; i < all.length; i += 3) {
            d.push(all.subarray(i, i + 3));
        }
        assert.deepEqual(got, [['stdout', 'out\n'], ['stderr', 'err\n'], ['stdout', 'é'], ['stdout', '']]);
        assert.equal(d.pendingBytes, 0);
        d.push(frame(1, 'cut').subarray(0, 9));
        assert.equal(d.pendingBytes, 9);
    });
});
