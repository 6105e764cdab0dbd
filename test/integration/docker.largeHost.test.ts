/** A host with 1,000 containers, and names/labels that are not plain ASCII, listed over TLS. */
import * as assert from 'node:assert/strict';
import { groupContainerRows } from '../../src/docker/containerRows';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient } from '../../src/docker/engineClient';
import { listContainerPage, listContainers, listNetworks, listVolumes, runImage } from '../../src/docker/operations';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';

const HOST = '127.0.3.71';
const COUNT = 1000;

/** Runs `work` over `items` with at most `limit` at a time. */
async function bounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: limit }, async () => {
        while (next < items.length) {
            await work(items[next++]);
        }
    }));
}

describe('docker large host against a real engine', function () {
    this.timeout(600_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client } = await startRealEngine(HOST, 30_000));
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
    });

    it('round-trips unicode label keys and values, a 4 KB label value, and a unicode network name', async () => {
        const big = 'é测🐳x'.repeat(1024).slice(0, 4096);
        const labels = { 'com.example.note': 'café ☕ — 测试 🐳', 'ключ': 'значение', big };
        const { id } = await runImage(client, { image: TEST_IMAGE, name: 'unicode-labels', labels, cmd: ['sleep', '1000'], networkMode: 'none' });
        const listed = (await listContainers(client)).find((c) => c.id === id);
        assert.ok(listed);
        assert.deepEqual(listed.labels, labels);
        assert.equal(listed.labels.big.length, 4096);

        const truth = dockerd.socketClient();
        await truth.createNetwork({ Name: 'réseau-测试-🐳', Driver: 'bridge', Labels: { 'é': 'ü' } });
        await truth.createVolume({ Name: 'plain-volume', Labels: { 'étiquette': '値' } });
        const network = (await listNetworks(client)).find((n) => n.name === 'réseau-测试-🐳');
        assert.ok(network && !network.builtIn);
        assert.deepEqual(network.labels, { 'é': 'ü' });
        assert.deepEqual((await listVolumes(client)).find((v) => v.name === 'plain-volume')?.labels, { 'étiquette': '値' });
    });

    it('a unicode container name is refused by the engine with its rule, clearly', async () => {
        await assert.rejects(runImage(client, { image: TEST_IMAGE, name: 'café', networkMode: 'none' }), (e: unknown) =>
            e instanceof EngineError && e.statusCode === 400 && !e.unreachable && /Invalid container name \(café\)/.test(e.message));
    });

    it(`lists ${COUNT} containers over TLS and groups them into rows`, async () => {
        const truth = dockerd.socketClient();
        const t0 = Date.now();
        // Created over TLS through the same client, 8 at a time; they need not run.
        await bounded(Array.from({ length: COUNT }, (_, i) => i), 8, async (i) => {
            await client.call('create a container', (d) => d.createContainer({
                name: `bulk-${String(i).padStart(4, '0')}`,
                Image: TEST_IMAGE,
                Cmd: ['true'],
                Labels: i % 10 === 0 ? { 'com.docker.compose.project': `proj-${i % 30}` } : {},
                HostConfig: { NetworkMode: 'none' },
            }));
        });
        const createMs = Date.now() - t0;
        const t1 = Date.now();
        const list = await listContainers(client);
        const rows = groupContainerRows(list);
        const listMs = Date.now() - t1;
        const bulk = list.filter((c) => c.name.startsWith('bulk-'));
        assert.equal(bulk.length, COUNT);
        assert.equal((await truth.listContainers({ all: true, filters: { name: ['bulk-'] } })).length, COUNT, 'the engine agrees');
        assert.deepEqual(rows.projects.map((p) => p.project), ['proj-0', 'proj-10', 'proj-20']);
        assert.equal(rows.projects.reduce((n, p) => n + p.rows.length, 0), COUNT / 10);
        assert.equal(rows.ungrouped.filter((r) => r.label.startsWith('bulk-')).length, COUNT - COUNT / 10);
        assert.equal(rows.ungrouped[0].contextValue, 'createdContainer');
        console.log(`      (created ${COUNT} in ${createMs} ms; listed and grouped in ${listMs} ms)`);
    });

    it('pages through every container once, newest first, each page one engine call', async () => {
        const everything = await dockerd.socketClient().listContainers({ all: true });
        const seen: string[] = [];
        let before: string | undefined;
        let pages = 0;
        do {
            const page = await listContainerPage(client, { limit: 300, before });
            assert.ok(page.containers.length <= 300);
            seen.push(...page.containers.map((c) => c.id));
            before = page.next?.before;
            pages++;
        } while (before);
        assert.equal(pages, Math.ceil(everything.length / 300));
        assert.deepEqual(seen, everything.map((c) => c.Id), 'the engine\'s own order, nothing missed or repeated');
        const exact = await listContainerPage(client, { limit: everything.length });
        assert.equal(exact.next, undefined, 'a page that holds the rest is the last');
    });
});
