/** Following logs from a real engine: frames and TTY, stopping, and the engine dying mid-stream. */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineClient } from '../../src/docker/engineClient';
import { followLogs, type LogSource } from '../../src/docker/logs';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';
import { waitFor } from '../harness/wait';

const HOST = '127.0.3.21';

describe('docker logs against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client, truth } = await startRealEngine(HOST, 10_000));
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
    });

    async function run(cmd: string, tty = false): Promise<string> {
        const c = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sh', '-c', cmd], Tty: tty, HostConfig: { NetworkMode: 'none' } });
        await c.start();
        return c.id;
    }

    function collect(): { lines: [string, LogSource][]; onLine: (line: string, source: LogSource) => void } {
        const lines: [string, LogSource][] = [];
        return { lines, onLine: (line, source) => lines.push([line, source]) };
    }

    it('separates stdout and stderr of a container without TTY, keeps unicode and an unterminated last line', async () => {
        const id = await run('echo out1; echo err1 >&2; echo "unicode é 测试 🐳"; printf partial');
        // Exited first: dockerd 20.10 ends a follow at the exit before sending a last unterminated line.
        await truth.getContainer(id).wait();
        const { lines, onLine } = collect();
        const follower = await followLogs(client, id, { onLine });
        assert.equal(follower.tty, false);
        const end = await follower.ended;
        assert.equal(end.reason, 'ended');
        // stdout and stderr are separate pipes: their relative order is not kept.
        assert.deepEqual(lines.filter(([, s]) => s === 'stdout').map(([l]) => l), ['out1', 'unicode é 测试 🐳', 'partial']);
        assert.deepEqual(lines.filter(([, s]) => s === 'stderr').map(([l]) => l), ['err1']);
        assert.equal(lines.length, 5);
        assert.deepEqual(lines.at(-1), ['— the log ended: the container stopped or was removed —', 'notice']);
    });

    it('reads a TTY container as one raw stream of lines, and ends when it exits', async () => {
        const id = await run('echo tty1; echo tty2 >&2; sleep 1', true);
        const { lines, onLine } = collect();
        const follower = await followLogs(client, id, { onLine });
        assert.equal(follower.tty, true);
        await follower.ended;
        assert.deepEqual(lines.filter(([, s]) => s !== 'notice'), [['tty1', 'stdout'], ['tty2', 'stdout']]);
    });

    it('follows new lines, starts from the tail, and stops quietly when asked', async () => {
        const id = await run('i=0; while true; do echo line $i; i=$((i+1)); sleep 0.1; done');
        await waitFor('some output', 10_000, async () => ((await truth.getContainer(id).logs({ stdout: true, follow: false })) as unknown as Buffer).length > 100);
        const { lines, onLine } = collect();
        const follower = await followLogs(client, id, { onLine, tail: 2 });
        await waitFor('new lines', 10_000, () => lines.length >= 6);
        const first = Number(lines[0][0].split(' ')[1]);
        assert.deepEqual(lines.slice(0, 6).map(([l]) => l), [0, 1, 2, 3, 4, 5].map((k) => `line ${first + k}`), 'consecutive lines, none lost or doubled');
        follower.stop();
        assert.deepEqual(await follower.ended, { reason: 'stopped' });
        assert.equal(lines.some(([, s]) => s === 'notice'), false);
        await truth.getContainer(id).remove({ force: true });
    });

    it('ends with a message when dockerd is killed while the logs stream', async () => {
        const id = await run('while true; do echo tick; sleep 0.2; done');
        const { lines, onLine } = collect();
        const follower = await followLogs(client, id, { onLine, tail: 0 });
        await waitFor('ticks', 10_000, () => lines.length >= 2);
        await dockerd.kill();
        const t0 = Date.now();
        const end = await follower.ended;
        assert.ok(Date.now() - t0 < 5000);
        assert.equal(end.reason, 'connectionLost');
        const last = lines.at(-1)!;
        assert.equal(last[1], 'notice');
        assert.match(last[0], /^— the connection to the engine was lost: ECONNRESET \(aborted\) —$/);
        if (end.reason === 'connectionLost') {
            assert.equal(end.error.unreachable, true);
        }
        await dockerd.restart();
    });
});
