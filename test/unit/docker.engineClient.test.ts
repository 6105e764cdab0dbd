import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient, isAbortError } from '../../src/docker/engineClient';
import type { EngineEndpoint } from '../../src/docker/enginePing';
import { listContainers } from '../../src/docker/operations';
import { createCa, issueClientCert, issueServerCert } from '../../src/tls/certificates';

describe('engine client', () => {
    let server: Server;
    let endpoint: EngineEndpoint;
    const seen: string[] = [];

    before(async () => {
        const ca = await createCa('client test CA');
        const client = await issueClientCert(ca, { commonName: 'client' });
        const cert = await issueServerCert(ca, { commonName: 'engine', dnsNames: [], ipAddresses: ['127.0.0.1'] });
        server = createServer({ ca: ca.certPem, cert: cert.certPem, key: cert.keyPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
            seen.push(`${req.method} ${req.url}`);
            if (req.url?.startsWith('/containers/json')) {
                res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
            }
            // anything else: TLS is up, but no answer ever comes
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        endpoint = { address: '127.0.0.1', port: (server.address() as AddressInfo).port, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } };
    });

    after(() => {
        server.closeAllConnections();
        server.close();
    });

    it('loads dockerode only at the first call', () => {
        const out = path.resolve(__dirname, '../../src/docker/engineClient.js');
        const script = `
            const { EngineClient } = require(${JSON.stringify(out)});
            const loaded = () => Object.keys(require.cache).some((k) => k.includes('/node_modules/dockerode/'));
            const c = new EngineClient({ address: '127.0.0.1', port: 1, tls: { ca: '', cert: '', key: '' } }, { timeoutMs: 1000 });
            const before = loaded();
            c.call('x', async () => undefined).then(() => { console.log(JSON.stringify([before, loaded()])); c.dispose(); });`;
        assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), '[false,true]');
    });

    it('ignores DOCKER_* variables: host, path prefix and timeout come from the options only', async () => {
        const saved = { ...process.env };
        Object.assign(process.env, { DOCKER_HOST: 'tcp://203.0.113.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_PATH_PREFIX: '/wrong/', DOCKER_CLIENT_TIMEOUT: '1' });
        const requests: string[] = [];
        const c = new EngineClient(endpoint, { timeoutMs: 5000, onRequest: (m, p) => requests.push(`${m} ${p}`) });
        try {
            assert.deepEqual(await listContainers(c), []);
            assert.deepEqual(requests, ['GET /containers/json?']);
            assert.equal(seen.at(-1), 'GET /containers/json?all=true');
        } finally {
            c.dispose();
            for (const k of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT']) {
                if (saved[k] === undefined) {
                    delete process.env[k];
                } else {
                    process.env[k] = saved[k];
                }
            }
        }
    });

    it('times out a call that gets no answer, within the limit, even for calls dockerode gives no signal', async () => {
        const c = new EngineClient(endpoint, { timeoutMs: 300 });
        try {
            for (const call of [() => c.call('inspect', (d) => d.getImage('x').inspect()), () => c.call('ping', (d) => d.ping())]) {
                const t0 = Date.now();
                await assert.rejects(call(), (e: unknown) => e instanceof EngineError && e.kind === 'timeout' && /within 0\.3 s/.test(e.message));
                const took = Date.now() - t0;
                assert.ok(took >= 290 && took < 1000, `${took} ms`);
            }
            c.timeoutMs = 100; // a settings change applies to the next call
            const t0 = Date.now();
            await assert.rejects(c.call('ping', (d) => d.ping()), /within 0\.1 s/);
            assert.ok(Date.now() - t0 < 600);
        } finally {
            c.dispose();
        }
    });

    it('logs each request at trace level (method and path, no query) and a failed call at error level', async () => {
        const lines: string[] = [];
        const log = { trace: (m: string) => lines.push(`trace ${m}`), debug: (m: string) => lines.push(`debug ${m}`), error: (m: string) => lines.push(`error ${m}`) };
        const c = new EngineClient(endpoint, { timeoutMs: 300, log });
        try {
            await listContainers(c);
            await assert.rejects(c.call('ping', (d) => d.ping()));
            const address = `${endpoint.address}:${endpoint.port}`;
            assert.deepEqual(lines.map((l) => l.replace(/\d+ ms/, 'N ms')), [
                `trace Docker engine ${address}: GET /containers/json`,
                `trace Docker engine ${address}: "list the containers" took N ms.`,
                `trace Docker engine ${address}: GET /_ping`,
                `error Docker engine ${address}: "ping" failed after N ms. ${lines.at(-1)!.split(' ms. ')[1]}`,
            ]);
            assert.match(lines.at(-1)!, /within 0\.3 s/);
        } finally {
            c.dispose();
        }
    });

    it("a caller's abort is an AbortError, not an engine error", async () => {
        const c = new EngineClient(endpoint, { timeoutMs: 5000 });
        const controller = new AbortController();
        const pending = c.call('ping', (d) => d.ping(), { signal: controller.signal });
        setTimeout(() => controller.abort(), 50);
        await assert.rejects(pending, (e: unknown) => isAbortError(e) && !(e instanceof EngineError));
        c.dispose();
    });

    it('dispose() ends calls in flight and refuses new ones', async () => {
        const c = new EngineClient(endpoint, { timeoutMs: 5000 });
        const pending = c.call('ping', (d) => d.ping());
        setTimeout(() => c.dispose(), 50);
        await assert.rejects(pending, (e: unknown) => isAbortError(e) && /was closed/.test((e as Error).message));
        await assert.rejects(c.call('ping', (d) => d.ping()), (e: unknown) => isAbortError(e));
    });
});
