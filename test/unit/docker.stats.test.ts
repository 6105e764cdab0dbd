import * as assert from 'node:assert/strict';
import { computeStatsSample, type RawStats } from '../../src/docker/stats';

const raw = (over: Partial<RawStats> = {}): RawStats => ({
    read: '2026-01-01T00:00:02Z',
    cpu_stats: { cpu_usage: { total_usage: 3_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
    precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 18_000_000_000 },
    memory_stats: { usage: 100 * 1024 * 1024, limit: 400 * 1024 * 1024, stats: { total_inactive_file: 20 * 1024 * 1024 } },
    networks: { eth0: { rx_bytes: 1000, tx_bytes: 500 }, eth1: { rx_bytes: 24, tx_bytes: 12 } },
    pids_stats: { current: 3 },
    ...over,
});

describe('container stats', () => {
    it('computes CPU % of one CPU as docker stats does, and memory without the page cache (cgroup v1)', () => {
        const s = computeStatsSample(raw());
        assert.equal(s.cpuPercent, 100); // 1e9 of 2e9 system time, two CPUs
        assert.equal(s.memoryBytes, 80 * 1024 * 1024);
        assert.equal(s.memoryPercent, 20);
        assert.equal(s.networkRxBytes, 1024);
        assert.equal(s.networkTxBytes, 512);
        assert.equal(s.networkRxBytesPerSecond, undefined);
        assert.equal(s.pids, 3);
    });

    it('uses inactive_file on cgroup v2, and no precpu sample means 0 % rather than nonsense', () => {
        const s = computeStatsSample(raw({ memory_stats: { usage: 50, limit: 100, stats: { inactive_file: 10 } }, precpu_stats: {} }));
        assert.equal(s.memoryBytes, 40);
        assert.equal(s.cpuPercent, 0);
    });

    it('derives network rates from the previous sample', () => {
        const first = computeStatsSample(raw({ read: '2026-01-01T00:00:00Z' }));
        const second = computeStatsSample(raw({ read: '2026-01-01T00:00:02Z', networks: { eth0: { rx_bytes: 3048, tx_bytes: 1536 } } }), first);
        assert.equal(second.networkRxBytesPerSecond, 1012);
        assert.equal(second.networkTxBytesPerSecond, 512);
    });

    it('survives an almost empty object (a stopped container)', () => {
        const s = computeStatsSample({ read: '0001-01-01T00:00:00Z' });
        assert.equal(s.cpuPercent, 0);
        assert.equal(s.memoryBytes, 0);
        assert.equal(s.memoryPercent, 0);
    });
});
