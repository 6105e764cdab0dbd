import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { groupContainerRows } from '../../src/docker/containerRows';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient } from '../../src/docker/engineClient';
import type { ClientMaterial } from '../../src/tls/storage';
import { openShell } from '../../src/docker/exec';
import { followLogs } from '../../src/docker/logs';
import { listContainers, runImage } from '../../src/docker/operations';
import { watchStats } from '../../src/docker/stats';
import { issueClientCert, issueServerCert } from '../../src/tls/certificates';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { createTestPki, type TestPki } from '../harness/pki';
import { scenario } from './scenario';

const HOST = '127.0.4.11';
const NO_IP_SAN = '127.0.4.12';
const DAY = 24 * 60 * 60 * 1000;

describe('Engine faults', () => {
    let pki: TestPki;
    let engine: Dockerd;
    let noSan: Dockerd;
    const clients: EngineClient[] = [];
    const tls = (): ClientMaterial => ({ ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem });
    const client = (address = HOST, port = engine.port, material = tls(), timeoutMs = 20_000) => {
        const c = new EngineClient({ address, port, tls: material }, { timeoutMs });
        clients.push(c);
        return c;
    };
    const failure = async (c: EngineClient): Promise<EngineError> => {
        const error = await listContainers(c).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
        return error;
    };
    const running = async (name: string, cmd: string) => (await runImage(client(), { image: TEST_IMAGE, name, networkMode: 'none', cmd: ['sh', '-c', cmd] })).id;

    before(async function () {
        this.timeout(120_000);
        pki = await createTestPki([HOST]);
        const withoutIp = await issueServerCert(pki.ca, { commonName: 'engine', dnsNames: ['localhost'], ipAddresses: [] });
        [engine, noSan] = await Promise.all([
            startDockerd({ host: HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem }),
            startDockerd({ host: NO_IP_SAN, port: 0, caPem: pki.ca.certPem, serverCertPem: withoutIp.certPem, serverKeyPem: withoutIp.keyPem }),
        ]);
        await ensureTestImage(engine.socketPath);
    });
    after(async () => {
        clients.forEach((c) => c.dispose());
        await Promise.all([engine?.stop(), noSan?.stop()]);
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'dockerd killed while logs stream', fault: 'SIGKILL to dockerd while View Logs follows a container', expected: 'The log ends with a line saying the connection was lost; the engine comes back after restart' }, async () => {
        const id = await running('logs-victim', 'while true; do echo tick; sleep 0.2; done');
        const lines: string[] = [];
        const follower = await followLogs(client(), id, { onLine: (line) => lines.push(line) });
        await new Promise((resolve) => setTimeout(resolve, 500));
        await engine.kill();
        const end = await follower.ended;
        assert.equal(end.reason, 'connectionLost');
        assert.match(lines[lines.length - 1], /connection to the engine was lost/);
        await engine.restart();
        assert.ok((await listContainers(client())).some((c) => c.name === 'logs-victim'));
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'dockerd killed while stats stream', fault: 'SIGKILL to dockerd while Stats is open', expected: 'The stats stream ends as "connection lost" with the cause' }, async () => {
        const id = await running('stats-victim', 'sleep 3600');
        const watcher = await watchStats(client(), id, () => undefined);
        await engine.kill();
        const end = await watcher.ended;
        assert.equal(end.reason, 'connectionLost');
        assert.ok(end.reason === 'connectionLost' && end.error.unreachable);
        await engine.restart();
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'dockerd killed while a shell is attached', fault: 'SIGKILL to dockerd while Attach Shell is open', expected: 'The terminal ends with "connection lost" (no exit code) instead of hanging' }, async () => {
        const id = await running('shell-victim', 'sleep 3600');
        const shell = await openShell(client(), id, { cols: 80, rows: 24 });
        const exited = new Promise<number | undefined>((resolve) => shell.onExit(resolve));
        await engine.kill();
        assert.equal(await exited, undefined);
        await engine.restart();
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'Wrong CA', fault: 'The saved ca.pem is not the CA that signed the engine\'s certificate', expected: 'A TLS error naming the CA mismatch, with a fix' }, async () => {
        const other = await createTestPki([HOST]);
        const error = await failure(client(HOST, engine.port, { ...tls(), ca: other.ca.certPem }));
        assert.equal(error.kind, 'tlsWrongCa');
        assert.match(error.message, /CA/);
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'Expired client certificate', fault: 'The client certificate expired yesterday', expected: 'The engine refuses it and the message says it expired, with the date' }, async () => {
        const expired = await issueClientCert(pki.ca, { commonName: 'old client', now: new Date(Date.now() - 3 * DAY), validDays: 1 });
        const error = await failure(client(HOST, engine.port, { ...tls(), cert: expired.certPem, key: expired.keyPem }));
        assert.equal(error.kind, 'tlsExpired');
        assert.match(error.message, /client certificate expired/i);
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'Server certificate without the IP SAN', fault: 'The engine\'s certificate names only "localhost"', expected: 'A TLS hostname error naming the address' }, async () => {
        const error = await failure(client(NO_IP_SAN, noSan.port));
        assert.equal(error.kind, 'tlsHostname');
        assert.match(error.message, new RegExp(NO_IP_SAN.replace(/\./g, '\\.')));
    });

    scenario({ area: 'Engine faults', kind: 'silent-tcp', name: 'Engine accepts the connection and never answers', fault: 'A TCP server that accepts and stays silent', expected: 'A timeout within the configured limit, naming it' }, async () => {
        const silent = net.createServer(() => undefined);
        await new Promise<void>((resolve) => silent.listen(0, HOST, resolve));
        try {
            const started = Date.now();
            const error = await failure(client(HOST, (silent.address() as net.AddressInfo).port, tls(), 1500));
            assert.equal(error.kind, 'timeout');
            assert.ok(Date.now() - started < 5000, 'it did not give up in time');
        } finally {
            silent.close();
        }
    });

    scenario({ area: 'Engine faults', kind: 'dockerd', name: '1,000 containers', fault: 'A host holding 1,000 containers', expected: 'All are listed and grouped into rows' }, async () => {
        const docker = engine.socketClient();
        const names = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
        let next = 0;
        await Promise.all(Array.from({ length: 8 }, async () => {
            while (next < names.length) {
                const name = names[next++];
                await docker.createContainer({ name, Image: TEST_IMAGE, Cmd: ['true'], Labels: { 'com.docker.compose.project': `p${next % 7}` }, HostConfig: { NetworkMode: 'none' } });
            }
        }));
        const rows = groupContainerRows(await listContainers(client()));
        const count = rows.ungrouped.length + rows.projects.reduce((n, p) => n + p.rows.length, 0);
        assert.ok(count >= 1000, `only ${count} rows`);
        assert.equal(rows.projects.length, 7);
    }, 180_000);

    scenario({ area: 'Engine faults', kind: 'dockerd', name: 'Unicode names and 4 KB label values', fault: 'Labels with unicode keys and values, one value of 4 KB', expected: 'They round-trip unchanged into the rows' }, async () => {
        const big = 'λ'.repeat(2048);
        const docker = engine.socketClient();
        await docker.createContainer({ name: 'unicode-labels', Image: TEST_IMAGE, Cmd: ['true'], Labels: { 'ключ': 'значение 🐳', big }, HostConfig: { NetworkMode: 'none' } });
        const c = (await listContainers(client())).find((x) => x.name === 'unicode-labels');
        assert.ok(c);
        assert.equal(c.labels['ключ'], 'значение 🐳');
        assert.equal(Buffer.byteLength(c.labels.big), 4096);
        assert.equal(c.labels.big, big);
    });
});
