/** Live stats from a real engine: CPU of a busy container, memory, network counters, stop. */
import * as assert from 'node:assert/strict';
import { EngineClient } from '../../src/docker/engineClient';
import { watchStats, type StatsSample } from '../../src/docker/stats';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';
import { waitFor } from '../harness/wait';

const HOST = '127.0.3.51';

describe('docker stats against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client } = await startRealEngine(HOST, 10_000));
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
    });

    it('reports the CPU of a busy loop, its memory, and stops when asked', async () => {
        const truth = dockerd.socketClient();
        const c = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sh', '-c', 'while :; do :; done'], HostConfig: { NetworkMode: 'none', Memory: 64 * 1024 * 1024 } });
        await c.start();
        const samples: StatsSample[] = [];
        const watcher = await watchStats(client, c.id, (s) => samples.push(s));
        await waitFor('three samples', 15_000, () => samples.length >= 3);
        watcher.stop();
        assert.deepEqual(await watcher.ended, { reason: 'stopped' });
        const last = samples.at(-1)!;
        assert.ok(last.cpuPercent > 30, `a busy loop uses a CPU: ${last.cpuPercent.toFixed(1)} %`);
        assert.ok(last.memoryBytes > 0);
        assert.equal(last.memoryLimitBytes, 64 * 1024 * 1024);
        assert.ok(last.memoryPercent > 0 && last.memoryPercent < 100);
        assert.equal(last.networkRxBytes, 0, 'network none');
        assert.equal(last.networkRxBytesPerSecond, 0);
        assert.ok(last.at.getTime() > samples[0].at.getTime());
        const count = samples.length;
        await new Promise((r) => setTimeout(r, 1500));
        assert.equal(samples.length, count, 'no sample after stop');
        await c.remove({ force: true });
    });
});
