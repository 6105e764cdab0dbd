/**
 * Building on a real engine from a local folder: what the context sends (seen from inside the
 * build), failures with their step, bad input, and cancelling during the upload and during a step.
 * The engine has no bridge and no registry: the base image is the imported test image and RUN
 * steps use network 'none'.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { BuildInputError, planBuildContext } from '../../src/docker/build/buildContext';
import { buildImage, type BuildImageOptions } from '../../src/docker/build/buildImage';
import { BuildFailedError, type BuildEvent } from '../../src/docker/build/buildProgress';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient, isAbortError } from '../../src/docker/engineClient';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import type { TestPki } from '../harness/pki';
import { waitFor } from '../harness/wait';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';

const HOST = '127.0.3.85';

/** Writes `files` (path → content, or a byte count for a sparse file) under a new folder. */
function makeContext(files: Record<string, string | number>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-build-'));
    for (const [rel, content] of Object.entries(files)) {
        const file = path.join(dir, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (typeof content === 'number') {
            fs.writeFileSync(file, '');
            fs.truncateSync(file, content);
        } else {
            fs.writeFileSync(file, content);
        }
    }
    return dir;
}

describe('docker build against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    let pki: TestPki;
    const contexts: string[] = [];
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client, truth, pki } = await startRealEngine(HOST, 10_000));
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
        for (const dir of contexts) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    function context(files: Record<string, string | number>): string {
        const dir = makeContext(files);
        contexts.push(dir);
        return dir;
    }

    async function build(dir: string, tag: string, extra: Partial<BuildImageOptions> = {}): Promise<{ events: BuildEvent[]; result: Promise<{ imageId: string }> }> {
        const plan = await planBuildContext(dir, path.join(dir, 'Dockerfile'));
        const events: BuildEvent[] = [];
        const result = buildImage(client, { plan, tag, networkMode: 'none', onEvent: (e) => events.push(e), ...extra });
        return { events, result };
    }

    const outputOf = (events: BuildEvent[], step: number) =>
        events.flatMap((e) => (e.kind === 'output' && e.step?.index === step ? [e.line] : []));

    const imageIds = async () => (await truth.listImages({ all: true })).map((i) => i.Id).sort();

    /**
     * No container is left (intermediate or stuck); with `imagesBefore`, no image either. A failed
     * build keeps the images of the steps that succeeded: that is the engine's build cache.
     */
    async function assertNothingLeft(imagesBefore?: string[]): Promise<void> {
        await waitFor('the build containers to be gone', 30_000, async () => (await truth.listContainers({ all: true })).length === 0);
        if (imagesBefore) {
            assert.deepEqual(await imageIds(), imagesBefore, 'no image was left behind');
        }
    }

    it('sends exactly what .dockerignore keeps, always with the Dockerfile and .dockerignore', async () => {
        const dir = context({
            Dockerfile: `FROM ${TEST_IMAGE}\nCOPY . /ctx\nRUN cd /ctx && find . | sort\n`,
            // Docker's rules: the Dockerfile itself is listed and still sent; an exception re-includes a file of an excluded folder.
            '.dockerignore': '# comment\nDockerfile\nnode_modules\n**/*.env\nlogs\n!logs/keep.log\n*.tmp\n',
            'app/main.txt': 'main',
            'app/config.env': 'SECRET=1',
            'app/deep/nested.txt': 'nested',
            'app/deep/local.env': 'x',
            'node_modules/pkg/index.js': 'big',
            'logs/keep.log': 'kept',
            'logs/drop.log': 'dropped',
            'scratch.tmp': 'tmp',
            'sub/scratch.tmp': 'kept: *.tmp matches the top level only',
        });
        const { events, result } = await build(dir, 'ship/ignore:1');
        const { imageId } = await result;
        const listed = outputOf(events, 3).filter((l) => l.startsWith('.'));
        // The Dockerfile was sent (the engine read it), and the engine hides it from COPY because .dockerignore names it.
        assert.deepEqual(listed, [
            '.', './.dockerignore', './app', './app/deep', './app/deep/nested.txt', './app/main.txt',
            './logs', './logs/keep.log', './sub', './sub/scratch.tmp',
        ]);
        assert.equal((await truth.getImage('ship/ignore:1').inspect()).Id, imageId);
        assert.deepEqual(events.filter((e) => e.kind === 'step').map((e) => e.kind === 'step' && e.step.instruction), [`FROM ${TEST_IMAGE}`, 'COPY . /ctx', 'RUN cd /ctx && find . | sort']);
        await truth.getImage('ship/ignore:1').remove();
        await assertNothingLeft();
    });

    it('reports a failing step with its instruction, its message and its output', async () => {
        const dir = context({ Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo preparing\nRUN echo about to fail && exit 3\nRUN echo never\n` });
        const { result } = await build(dir, 'ship/fails:1');
        const error = await result.then(() => assert.fail('the build should fail'), (e: unknown) => e);
        assert.ok(error instanceof BuildFailedError, String(error));
        assert.equal(error.step?.index, 3);
        assert.equal(error.step?.total, 4);
        assert.equal(error.step?.instruction, 'RUN echo about to fail && exit 3');
        assert.match(error.engineMessage, /returned a non-zero code: 3/);
        assert.ok(error.output.includes('about to fail'), error.output.join('\n'));
        assert.match(error.message, /^Step 3\/4 \(RUN echo about to fail && exit 3\) failed: /);
        await assertNothingLeft();
        await assert.rejects(truth.getImage('ship/fails:1').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('gives the engine\'s message for a Dockerfile it cannot parse, and builds nothing', async () => {
        const dir = context({ Dockerfile: `FROM ${TEST_IMAGE}\nFORM oops\n` });
        const before = await imageIds();
        const { result } = await build(dir, 'ship/syntax:1');
        await assert.rejects(result, (e: unknown) => e instanceof BuildFailedError && /unknown instruction: FORM/i.test(e.message));
        await assertNothingLeft(before);
    });

    it('refuses bad input before sending anything', async () => {
        let requests = 0;
        const dir = context({ 'app/readme.txt': 'no Dockerfile here' });
        await assert.rejects(planBuildContext(dir, path.join(dir, 'Dockerfile')), (e: unknown) => e instanceof BuildInputError && /There is no Dockerfile at "Dockerfile"/.test(e.message));
        await assert.rejects(planBuildContext(path.join(dir, 'app'), path.join(dir, 'Dockerfile')), (e: unknown) => e instanceof BuildInputError && /not inside the build context/.test(e.message));
        const good = context({ Dockerfile: `FROM ${TEST_IMAGE}\n` });
        const plan = await planBuildContext(good, 'Dockerfile');
        await assert.rejects(buildImage(client, { plan, tag: 'Ship/UPPER:1', onUpload: () => requests++ }), (e: unknown) => e instanceof BuildInputError && /not a valid image tag/.test(e.message));
        assert.equal(requests, 0, 'no byte was sent');
        assert.deepEqual((await truth.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => t.startsWith('Ship')), []);
    });

    it('cancels during the upload: the request ends and the engine keeps nothing', async () => {
        const dir = context({ Dockerfile: `FROM ${TEST_IMAGE}\nCOPY big.bin /big.bin\n`, 'big.bin': 400 * 1024 * 1024 });
        const before = await imageIds();
        const cancel = new AbortController();
        let sent = 0;
        const { result } = await build(dir, 'ship/cancel-upload:1', {
            signal: cancel.signal,
            onUpload: (bytes) => {
                sent = bytes;
                if (bytes > 16 * 1024 * 1024) {
                    cancel.abort();
                }
            },
        });
        await assert.rejects(result, (e: unknown) => isAbortError(e));
        assert.ok(sent < 400 * 1024 * 1024, `the upload stopped early (${sent} bytes sent)`);
        await assertNothingLeft(before);
        await assert.rejects(truth.getImage('ship/cancel-upload:1').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('cancels during a step: the step\'s container is stopped and removed', async () => {
        const dir = context({ Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo step-started && sleep 300\n` });
        const before = await imageIds();
        const cancel = new AbortController();
        const { result } = await build(dir, 'ship/cancel-step:1', {
            signal: cancel.signal,
            onEvent: (e) => {
                if (e.kind === 'output' && e.line === 'step-started') {
                    cancel.abort();
                }
            },
        });
        const started = Date.now();
        await assert.rejects(result, (e: unknown) => isAbortError(e));
        assert.ok(Date.now() - started < 60_000);
        await assertNothingLeft(before);
        await assert.rejects(truth.getImage('ship/cancel-step:1').inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('reports a connection lost mid-build as the engine being unreachable; the engine then ends the build', async () => {
        const proxy = await cuttableProxy(HOST, dockerd.port);
        const viaProxy = new EngineClient({ address: HOST, port: proxy.port, tls: { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem } }, { timeoutMs: 10_000 });
        try {
            const dir = context({ Dockerfile: `FROM ${TEST_IMAGE}\nRUN echo step-started && sleep 300\n` });
            const before = await imageIds();
            const plan = await planBuildContext(dir, 'Dockerfile');
            const result = buildImage(viaProxy, { plan, tag: 'ship/lost:1', networkMode: 'none', onEvent: (e) => e.kind === 'output' && e.line === 'step-started' && proxy.cut() });
            await assert.rejects(result, (e: unknown) => e instanceof EngineError && e.description.unreachable);
            await assertNothingLeft(before);
        } finally {
            viaProxy.dispose();
            proxy.close();
        }
    });
});

/** A TCP forwarder on `host` whose connections can all be cut at once, as a dropped network would. */
async function cuttableProxy(host: string, targetPort: number): Promise<{ port: number; cut(): void; close(): void }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((inbound) => {
        const outbound = net.connect({ host, port: targetPort });
        for (const s of [inbound, outbound]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => undefined);
        }
        inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const cut = () => sockets.forEach((s) => s.resetAndDestroy());
    return { port: (server.address() as net.AddressInfo).port, cut, close: () => { cut(); server.close(); } };
}
