/**
 * Every way of not reaching an engine, provoked for real: TLS failures against real dockerd, an
 * engine that accepts and never answers, a refused port. Each must give the right kind, a cause
 * naming it, and no unhandled rejection.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { EngineError, type EngineErrorKind } from '../../src/docker/describeEngineError';
import { EngineClient } from '../../src/docker/engineClient';
import type { ClientMaterial } from '../../src/tls/storage';
import { watchEngineEvents, type EventsStatus } from '../../src/docker/events';
import { followLogs } from '../../src/docker/logs';
import { listContainers } from '../../src/docker/operations';
import { issueClientCert, issueServerCert } from '../../src/tls/certificates';
import { freePort, startDockerd, type Dockerd } from '../harness/dockerd';
import { createTestPki, type TestPki } from '../harness/pki';

const GOOD = '127.0.3.11';
const NO_IP_SAN = '127.0.3.12';
const EXPIRED_SERVER = '127.0.3.13';
const DAY = 24 * 60 * 60 * 1000;

describe('docker connection failures', function () {
    this.timeout(120_000);
    let pki: TestPki;
    let other: TestPki;
    const daemons: Dockerd[] = [];
    const clients: EngineClient[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);

    before(async () => {
        process.on('unhandledRejection', onRejection);
        pki = await createTestPki([GOOD]);
        other = await createTestPki([GOOD]);
        const noIpSan = await issueServerCert(pki.ca, { commonName: 'engine', dnsNames: ['localhost'], ipAddresses: [] });
        const expired = await issueServerCert(pki.ca, { commonName: 'engine', dnsNames: [], ipAddresses: [EXPIRED_SERVER], now: new Date(Date.now() - 10 * DAY), validDays: 1 });
        const start = (host: string, server: { certPem: string; keyPem: string }) =>
            startDockerd({ host, port: 0, caPem: pki.ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem });
        daemons.push(...(await Promise.all([start(GOOD, pki.server), start(NO_IP_SAN, noIpSan), start(EXPIRED_SERVER, expired)])));
    });

    after(async () => {
        process.off('unhandledRejection', onRejection);
        clients.forEach((c) => c.dispose());
        await Promise.all(daemons.map((d) => d.stop()));
    });

    afterEach(() => assert.deepEqual(rejections, [], 'no unhandled rejection'));

    const good = (): ClientMaterial => ({ ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem });

    function clientFor(address: string, port: number, tls: ClientMaterial, timeoutMs = 10_000, powerState?: 'deallocated'): EngineClient {
        const c = new EngineClient({ address, port, tls }, { timeoutMs, powerState: powerState && (() => powerState) });
        clients.push(c);
        return c;
    }

    async function failureOf(client: EngineClient): Promise<EngineError> {
        try {
            await listContainers(client);
        } catch (error) {
            assert.ok(error instanceof EngineError, `an EngineError, not ${String(error)}`);
            return error;
        }
        assert.fail('the call succeeded');
    }

    function expectKind(error: EngineError, kind: EngineErrorKind, cause: RegExp): void {
        assert.equal(error.kind, kind, `${error.kind}: ${error.message} (${error.code})`);
        assert.match(error.message, cause);
        assert.ok(error.fix.length > 10);
        assert.equal(error.unreachable, true);
    }

    it('the good material works (control)', async () => {
        assert.ok(Array.isArray(await listContainers(clientFor(GOOD, daemons[0].port, good()))));
    });

    it('wrong CA: the engine certificate is not signed by the host CA', async () => {
        const error = await failureOf(clientFor(GOOD, daemons[0].port, { ...good(), ca: other.ca.certPem }));
        expectKind(error, 'tlsWrongCa', /not signed by this host's CA/);
        assert.equal(error.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });

    it('expired client certificate: the engine rejects the handshake, and the cause names the expiry', async () => {
        const expired = await issueClientCert(pki.ca, { commonName: 'old client', now: new Date(Date.now() - 10 * DAY), validDays: 1 });
        const error = await failureOf(clientFor(GOOD, daemons[0].port, { ...good(), cert: expired.certPem, key: expired.keyPem }));
        expectKind(error, 'tlsExpired', /client certificate expired on \d{4}-\d\d-\d\d/);
        // Go's TLS server sends the same "bad certificate" alert for every rejected client certificate.
        assert.match(error.code ?? '', /ALERT_BAD_CERTIFICATE$/);
    });

    it('client certificate from another CA: rejected as a bad client certificate', async () => {
        const error = await failureOf(clientFor(GOOD, daemons[0].port, { ...good(), cert: other.client.certPem, key: other.client.keyPem }));
        expectKind(error, 'tlsBadClientCert', /client certificate is not signed by the host's CA/);
    });

    it('server certificate without the IP SAN: a hostname failure naming the address', async () => {
        const error = await failureOf(clientFor(NO_IP_SAN, daemons[1].port, good()));
        expectKind(error, 'tlsHostname', new RegExp(`not valid for ${NO_IP_SAN.replace(/\./g, '\\.')}`));
        assert.equal(error.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('expired server certificate: tlsExpired naming the engine certificate', async () => {
        const error = await failureOf(clientFor(EXPIRED_SERVER, daemons[2].port, good()));
        expectKind(error, 'tlsExpired', /engine's server certificate .* has expired/);
        assert.equal(error.code, 'CERT_HAS_EXPIRED');
    });

    it('an engine that accepts and never answers: a timeout within the configured limit', async () => {
        const sockets: net.Socket[] = [];
        const silent = net.createServer((s) => sockets.push(s));
        await new Promise<void>((r) => silent.listen(0, '127.0.3.14', r));
        try {
            const client = clientFor('127.0.3.14', (silent.address() as net.AddressInfo).port, good(), 1500);
            const t0 = Date.now();
            const error = await failureOf(client);
            const took = Date.now() - t0;
            expectKind(error, 'timeout', /did not answer within 1\.5 s/);
            assert.ok(took >= 1400 && took < 2500, `took ${took} ms`);
            // Streams time out the same way while they start.
            await assert.rejects(followLogs(client, 'anything', { onLine: () => undefined }), (e: unknown) => e instanceof EngineError && e.kind === 'timeout');
        } finally {
            sockets.forEach((s) => s.destroy());
            silent.close();
        }
    });

    it('connection refused; and "VM stopped" when Azure says the VM is deallocated', async () => {
        const port = await freePort('127.0.3.15');
        expectKind(await failureOf(clientFor('127.0.3.15', port, good())), 'refused', /connection refused/);
        expectKind(await failureOf(clientFor('127.0.3.15', port, good(), 10_000, 'deallocated')), 'vmStopped', /VM is deallocated/);
    });

    it('the event watcher reports a TLS failure in its status and keeps retrying without crashing', async () => {
        const statuses: EventsStatus[] = [];
        const watcher = watchEngineEvents(clientFor(GOOD, daemons[0].port, { ...good(), ca: other.ca.certPem }), {
            onChange: () => undefined,
            onStatus: (s) => statuses.push(s),
            backoff: () => 100,
        });
        try {
            const deadline = Date.now() + 10_000;
            while (statuses.filter((s) => s.state === 'reconnecting').length < 3 && Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, 50));
            }
            const reconnecting = statuses.filter((s) => s.state === 'reconnecting');
            assert.ok(reconnecting.length >= 3, JSON.stringify(statuses));
            assert.deepEqual(reconnecting.slice(0, 3).map((s) => s.attempt), [1, 2, 3]);
            assert.ok(reconnecting.every((s) => s.lastError.kind === 'tlsWrongCa'));
        } finally {
            watcher.dispose();
        }
    });
});
