/**
 * Pull against a real engine. No public registry is reachable here, so a minimal registry (the
 * Registry HTTP API v2 subset a pull uses: /v2/, manifests, blobs) serves a one-layer image on
 * loopback; dockerd treats 127.0.0.0/8 registries as insecure, so plain HTTP is enough.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type Docker from 'dockerode';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient } from '../../src/docker/engineClient';
import { pullImage } from '../../src/docker/operations';
import type { PullProgress } from '../../src/docker/pullProgress';
import { freePort, startDockerd, type Dockerd } from '../harness/dockerd';
import { createTestPki } from '../harness/pki';

const HOST = '127.0.3.61';
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

interface FakeImage {
    manifest: Buffer;
    blobs: Map<string, Buffer>;
    layerDigest: string;
}

function fakeImage(text: string): FakeImage {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-layer-'));
    fs.writeFileSync(path.join(dir, 'hello.txt'), text);
    const layerTar = execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', dir, '-c', 'hello.txt']);
    fs.rmSync(dir, { recursive: true, force: true });
    const layer = gzipSync(layerTar);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/hello.txt'] }, rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] } }));
    const manifest = Buffer.from(JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: sha256(config) },
        layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: layer.length, digest: sha256(layer) }],
    }));
    return { manifest, blobs: new Map([[sha256(config), config], [sha256(layer), layer]]), layerDigest: sha256(layer) };
}

/** demo/hello:v1, and demo/corrupt:v1 whose layer bytes do not match their digest. */
async function startRegistry(): Promise<{ port: number; requests: string[]; close(): void }> {
    const images = new Map([['hello', fakeImage('hello from the fake registry\n')], ['corrupt', fakeImage('this layer arrives damaged\n')]]);
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = req.url ?? '';
        requests.push(`${req.method} ${url}`);
        const send = (status: number, body: Buffer, type = 'application/json', extra: Record<string, string> = {}) => {
            res.writeHead(status, { 'Content-Type': type, 'Content-Length': String(body.length), 'Docker-Distribution-API-Version': 'registry/2.0', ...extra });
            res.end(req.method === 'HEAD' ? undefined : body);
        };
        const notFound = (code: string) => send(404, Buffer.from(JSON.stringify({ errors: [{ code, message: code.toLowerCase().replace('_', ' ') }] })));
        if (url === '/v2/') {
            return send(200, Buffer.from('{}'));
        }
        const m = /^\/v2\/demo\/([a-z]+)\/(manifests|blobs)\/(.+)$/.exec(url);
        const image = m && images.get(m[1]);
        if (!m || !image) {
            return notFound('NAME_UNKNOWN');
        }
        const [, name, kind, ref] = m;
        const manifestDigest = sha256(image.manifest);
        if (kind === 'manifests') {
            return ref === 'v1' || ref === manifestDigest
                ? send(200, image.manifest, 'application/vnd.docker.distribution.manifest.v2+json', { 'Docker-Content-Digest': manifestDigest })
                : notFound('MANIFEST_UNKNOWN');
        }
        const blob = image.blobs.get(ref);
        if (!blob) {
            return notFound('BLOB_UNKNOWN');
        }
        const body = name === 'corrupt' && ref === image.layerDigest ? Buffer.from(blob).fill(0x41, 20, 40) : blob;
        return send(200, body, 'application/octet-stream', { 'Docker-Content-Digest': ref });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { port: (server.address() as AddressInfo).port, requests, close: () => server.close() };
}

describe('docker pull against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    let registry: Awaited<ReturnType<typeof startRegistry>>;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    before(async () => {
        process.on('unhandledRejection', onRejection);
        const pki = await createTestPki([HOST]);
        registry = await startRegistry();
        dockerd = await startDockerd({ host: HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
        truth = dockerd.socketClient();
        client = new EngineClient({ address: HOST, port: dockerd.port, tls: { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem } }, { timeoutMs: 20_000 });
    });

    after(async () => {
        process.off('unhandledRejection', onRejection);
        client?.dispose();
        registry?.close();
        await dockerd?.stop();
    });

    afterEach(() => assert.deepEqual(rejections, []));

    it('pulls an image with progress up to completion, and the engine has it afterwards', async () => {
        const reference = `127.0.0.1:${registry.port}/demo/hello:v1`;
        const progress: PullProgress[] = [];
        const result = await pullImage(client, reference, { onProgress: (p) => progress.push(p) });
        assert.match(result.status ?? '', /Downloaded newer image/);
        assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
        const statuses = progress.map((p) => p.status);
        for (const expected of ['Pulling fs layer', 'Download complete', 'Pull complete']) {
            assert.ok(statuses.includes(expected), `${expected} in ${statuses.join(' | ')}`);
        }
        assert.ok(progress.some((p) => p.layer && p.message.includes('layers')));
        assert.equal(progress.at(-1)!.fraction, 1);
        const fractions = progress.map((p) => p.fraction);
        assert.deepEqual(fractions, [...fractions].sort((a, b) => a - b), 'progress never goes back');
        const image = await truth.getImage(reference).inspect();
        assert.deepEqual(image.RepoTags, [reference]);
        assert.ok(registry.requests.some((r) => r.startsWith('GET /v2/demo/hello/blobs/')));

        const seen: string[] = [];
        const again = await pullImage(client, reference, { onProgress: (p) => seen.push(p.status) });
        assert.match(again.status ?? '', /Image is up to date/, seen.join(' | '));
    });

    it('an unknown tag fails clearly before any progress', async () => {
        const progress: PullProgress[] = [];
        await assert.rejects(pullImage(client, `127.0.0.1:${registry.port}/demo/hello:nope`, { onProgress: (p) => progress.push(p) }), (e: unknown) =>
            e instanceof EngineError && /^Pulling 127\.0\.0\.1:\d+\/demo\/hello:nope failed: manifest unknown/.test(e.message) && !e.unreachable);
        assert.deepEqual(progress, []);
    });

    it('an unreachable registry fails clearly, naming it', async () => {
        const port = await freePort('127.0.0.1');
        await assert.rejects(pullImage(client, `127.0.0.1:${port}/demo/hello:v1`), (e: unknown) =>
            e instanceof EngineError && e.message.includes(`127.0.0.1:${port}`) && /connection refused/.test(e.message));
    });

    it('a layer that fails verification mid-stream fails the pull with the engine message, after progress', async () => {
        const progress: PullProgress[] = [];
        const reference = `127.0.0.1:${registry.port}/demo/corrupt:v1`;
        await assert.rejects(pullImage(client, reference, { onProgress: (p) => progress.push(p) }), (e: unknown) =>
            e instanceof EngineError && /^Pulling .*demo\/corrupt:v1 failed: .*(verification|digest|checksum)/i.test(e.message));
        assert.ok(progress.length > 0);
        await assert.rejects(truth.getImage(reference).inspect(), (e: { statusCode?: number }) => e.statusCode === 404);
    });

    it('a pull can be cancelled', async () => {
        const controller = new AbortController();
        controller.abort();
        await assert.rejects(pullImage(client, `127.0.0.1:${registry.port}/demo/hello:v1`, { signal: controller.signal }), (e: unknown) => (e as Error).name === 'AbortError');
    });
});
