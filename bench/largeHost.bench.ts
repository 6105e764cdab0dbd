/**
 * A host with 1,000 and then 10,000 containers, over TLS, in one run: the extension's expand of
 * Containers (a fresh client each time, the first page listed and mapped to rows) beside the way
 * Container Tools lists (`docker container ls --all --format json`, the machine's docker CLI with a
 * context written by the extension for this engine), and beside round 1's full list.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { containerPageRows, containerPageSize, groupContainerRows } from '../src/docker/containerRows';
import { writeDockerContext } from '../src/docker/cliContexts';
import { EngineClient } from '../src/docker/engineClient';
import { listContainerPage, listContainers } from '../src/docker/operations';
import { ensureTestImage, startDockerd, TEST_IMAGE } from '../test/harness/dockerd';
import { createTestPki } from '../test/harness/pki';
import type { Result } from './result';
import { bounded, percentile, round } from './stats';

const ENGINE_HOST = '127.0.3.83';
const SIZES = [1000, 10_000];
const RUNS = 5;
/** The tree's page. */
const PAGE = containerPageSize;

export async function run(): Promise<Result> {
    const pki = await createTestPki([ENGINE_HOST]);
    const dockerd = await startDockerd({ host: ENGINE_HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
    const tls = { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem };
    const configDir = mkdtempSync(join(tmpdir(), 'adh-cli-'));
    try {
        await ensureTestImage(dockerd.socketPath);
        await writeDockerContext({ name: 'azure-bench', host: `tcp://${ENGINE_HOST}:${dockerd.port}`, tls }, { configDir });
        const truth = dockerd.socketClient();
        const fresh = () => new EngineClient({ address: ENGINE_HOST, port: dockerd.port, tls }, { timeoutMs: 60_000 });
        const timed = async (work: () => Promise<number>): Promise<{ ms: number; rows: number }> => {
            const t0 = performance.now();
            const rows = await work();
            return { ms: performance.now() - t0, rows };
        };
        const expand = () => timed(async () => {
            const client = fresh();
            try {
                const rows = containerPageRows(await listContainerPage(client, { limit: PAGE }), true);
                return rows.ungrouped.length + rows.projects.reduce((n, p) => n + p.rows.length, 0);
            } finally {
                client.dispose();
            }
        });
        const fullList = () => timed(async () => {
            const client = fresh();
            try {
                const rows = groupContainerRows(await listContainers(client));
                return rows.ungrouped.length + rows.projects.reduce((n, p) => n + p.rows.length, 0);
            } finally {
                client.dispose();
            }
        });
        const cli = () => timed(async () => {
            const { stdout } = await promisify(execFile)('docker', ['--context', 'azure-bench', 'container', 'ls', '--all', '--format', 'json'], { env: { ...process.env, DOCKER_CONFIG: configDir }, maxBuffer: 1 << 30 });
            return stdout.split('\n').filter((l) => l.trim()).length;
        });

        const figures: Record<string, number> = {};
        let created = 0;
        let pass = true;
        for (const size of SIZES) {
            // Containers are created over the unix socket, 8 at a time; they need not run.
            const t0 = performance.now();
            await bounded(Array.from({ length: size - created }, (_, i) => created + i), 8, (i) =>
                truth.createContainer({ name: `bench-${i}`, Image: TEST_IMAGE, Cmd: ['true'], Labels: i % 10 === 0 ? { 'com.docker.compose.project': `p${i % 30}` } : {}, HostConfig: { NetworkMode: 'none' } }));
            figures[`createMsPerContainerTo${size}`] = round((performance.now() - t0) / (size - created), 2);
            created = size;
            // Interleaved, so that the machine's load falls on all three alike.
            const samples = { expand: [] as number[], cli: [] as number[], full: [] as number[] };
            for (let i = 0; i < RUNS; i++) {
                const e = await expand();
                const c = await cli();
                const f = await fullList();
                if (e.rows !== Math.min(PAGE, size) || c.rows !== size || f.rows !== size) {
                    throw new Error(`wrong row counts at ${size}: expand ${e.rows}, cli ${c.rows}, full ${f.rows}`);
                }
                samples.expand.push(e.ms);
                samples.cli.push(c.ms);
                samples.full.push(f.ms);
            }
            const k = size === 1000 ? '1k' : '10k';
            const ratio = percentile(samples.expand, 50) / percentile(samples.cli, 50);
            Object.assign(figures, {
                [`expand${k}MaxMs`]: round(Math.max(...samples.expand)),
                [`expand${k}MedianMs`]: round(percentile(samples.expand, 50)),
                [`cli${k}MedianMs`]: round(percentile(samples.cli, 50)),
                [`expandOverCli${k}`]: round(ratio, 3),
                [`fullList${k}MedianMs`]: round(percentile(samples.full, 50)),
                [`fullListOverCli${k}`]: round(percentile(samples.full, 50) / percentile(samples.cli, 50), 3),
            });
            pass &&= Math.max(...samples.expand) <= 300 && ratio <= 0.5;
        }
        return {
            name: 'large-host',
            figures,
            goal: 'Containers of a host with 1,000 and 10,000 containers expand ≤ 300 ms (worst of 5, fresh TLS client each) and expand ÷ `docker container ls --all --format json` (same engine, host context, medians of 5) ≤ 0.5',
            pass,
        };
    } finally {
        rmSync(configDir, { recursive: true, force: true });
        await dockerd.stop();
    }
}

if (require.main === module) {
    run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
