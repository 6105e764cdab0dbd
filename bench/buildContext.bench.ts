/**
 * Build Image on Host against a real dockerd over TLS, measured in one run:
 * (a) wall time of our build (plan .dockerignore, stream the tar, follow the engine) ÷ a baseline
 *     that pipes the system `tar` of only the kept files to the same /build endpoint, over the same
 *     TLS, with a bare https request; median of alternating runs, the image removed between runs
 *     so neither side hits the build cache;
 * (b) peak RSS growth of this Node process while our build runs (sampled every 5 ms), against its
 *     RSS just before: the same core code the extension host runs, measured in the bench process.
 * The context is 200 MB: 100 MB kept, 100 MB left out by .dockerignore.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { planBuildContext, type BuildContextPlan } from '../src/docker/build/buildContext';
import { buildImage } from '../src/docker/build/buildImage';
import { EngineClient } from '../src/docker/engineClient';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../test/harness/dockerd';
import { createTestPki, type TestPki } from '../test/harness/pki';
import type { Result } from './result';

const HOST = '127.0.3.87';
const MB = 1024 * 1024;
const FILES_KEPT = 50;
const FILES_IGNORED = 50;
const FILE_BYTES = 2 * MB;
const RUNS = 5;
const TAG = 'bench/context:1';

function makeContext(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-bench-ctx-'));
    const block = randomBytes(FILE_BYTES);
    const write = (rel: string, i: number) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        // Each file differs (its first bytes), so no layer of the engine can share content.
        block.writeUInt32BE(i, 0);
        fs.writeFileSync(path.join(dir, rel), block);
    };
    for (let i = 0; i < FILES_KEPT; i++) {
        write(`src/part${i % 5}/file${i}.bin`, i);
    }
    for (let i = 0; i < FILES_IGNORED; i++) {
        write(`node_modules/pkg${i % 5}/blob${i}.bin`, 1000 + i);
    }
    fs.writeFileSync(path.join(dir, '.dockerignore'), 'node_modules\n');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCOPY . /ctx\n`);
    return dir;
}

/** The baseline: `tar` of the kept entries piped straight into POST /build, the answer read to its end. */
function baselineBuild(plan: BuildContextPlan, port: number, pki: TestPki): Promise<void> {
    return new Promise((resolve, reject) => {
        const query = new URLSearchParams({ t: TAG, dockerfile: plan.dockerfile, rm: '1', forcerm: '1' });
        const request = https.request({ host: HOST, port, method: 'POST', path: `/build?${query}`, ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem, headers: { 'Content-Type': 'application/tar' } }, (response) => {
            let body = '';
            response.on('data', (b: Buffer) => (body += b.toString()));
            response.on('end', () => (response.statusCode === 200 && !body.includes('"error"') ? resolve() : reject(new Error(`baseline build failed: ${body.slice(-500)}`))));
        });
        request.on('error', reject);
        const tar = spawn('tar', ['--numeric-owner', '--owner=0', '--group=0', '--no-recursion', '-C', plan.contextDir, '-cf', '-', ...plan.entries], { stdio: ['ignore', 'pipe', 'inherit'] });
        tar.on('error', reject);
        tar.stdout.pipe(request);
    });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

export async function run(): Promise<Result> {
    const pki = await createTestPki([HOST]);
    let dockerd: Dockerd | undefined;
    const dir = makeContext();
    const client = () => new EngineClient({ address: HOST, port: dockerd!.port, tls: { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem } }, { timeoutMs: 30_000 });
    try {
        dockerd = await startDockerd({ host: HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
        await ensureTestImage(dockerd.socketPath);
        const truth = dockerd.socketClient();
        const removeImage = () => truth.getImage(TAG).remove({ force: true }).catch(() => undefined);

        const ours: number[] = [];
        const baseline: number[] = [];
        const rssGrowth: number[] = [];
        let uploaded = 0;
        let plan: BuildContextPlan | undefined;
        for (let i = 0; i < RUNS; i++) {
            // Baseline first in odd runs, second in even ones, so neither always finds a warm engine.
            const order = i % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
            for (const side of order) {
                await removeImage();
                if (side === 'ours') {
                    const c = client();
                    const before = process.memoryUsage.rss();
                    let peak = before;
                    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
                    const started = performance.now();
                    plan = await planBuildContext(dir, 'Dockerfile');
                    const result = await buildImage(c, { plan, tag: TAG, networkMode: 'none' });
                    ours.push(performance.now() - started);
                    clearInterval(sampler);
                    rssGrowth.push(Math.max(peak, process.memoryUsage.rss()) - before);
                    uploaded = result.uploadedBytes;
                    c.dispose();
                } else {
                    const listed = plan ?? (await planBuildContext(dir, 'Dockerfile'));
                    const started = performance.now();
                    await baselineBuild(listed, dockerd.port, pki);
                    baseline.push(performance.now() - started);
                }
            }
        }
        await removeImage();
        const ratio = median(ours) / median(baseline);
        const peakRssGrowthMb = Math.max(...rssGrowth) / MB;
        return {
            name: 'build-context',
            figures: {
                contextMb: ((FILES_KEPT + FILES_IGNORED) * FILE_BYTES) / MB,
                keptMb: (FILES_KEPT * FILE_BYTES) / MB,
                uploadedMb: round(uploaded / MB, 1),
                oursMedianMs: round(median(ours), 0),
                baselineMedianMs: round(median(baseline), 0),
                oursOverBaseline: round(ratio),
                peakRssGrowthMb: round(peakRssGrowthMb, 1),
                // The first run also loads dockerode and sets up TLS; the later ones are the build alone.
                firstRunRssGrowthMb: round(rssGrowth[0] / MB, 1),
                laterRunsMaxRssGrowthMb: round(Math.max(...rssGrowth.slice(1)) / MB, 1),
                runs: RUNS,
            },
            goal: 'build wall ÷ tar of the kept files piped to /build ≤ 1.2 (200 MB context, half ignored); peak RSS growth of the building process ≤ 64 MB',
            pass: ratio <= 1.2 && peakRssGrowthMb <= 64,
        };
    } finally {
        await dockerd?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
