import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pingEngine, waitForEngine } from '../../src/docker/enginePing';
import { createCa, issueClientCert, issueServerCert, type PemPair } from '../../src/tls/certificates';

describe('engine readiness over TLS', () => {
    let ca: PemPair;
    let client: PemPair;
    let server: Server;
    let port: number;

    before(async () => {
        ca = await createCa('ping CA');
        client = await issueClientCert(ca, { commonName: 'client' });
        const cert = await issueServerCert(ca, { commonName: 'engine', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
        server = createServer({ ca: ca.certPem, cert: cert.certPem, key: cert.keyPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
            res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    it('answers when the client certificate is from the host CA', async () => {
        await pingEngine({ address: '127.0.0.1', port, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } }, 2000);
    });

    it('fails on a server certificate from another CA', async () => {
        const other = await createCa('other CA');
        await assert.rejects(pingEngine({ address: '127.0.0.1', port, tls: { ca: other.certPem, cert: client.certPem, key: client.keyPem } }, 2000), /self-signed|unable to verify|certificate/i);
    });

    it('gives up after the overall timeout, saying what it tried', async () => {
        const closed = createServer();
        await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
        const deadPort = (closed.address() as AddressInfo).port;
        closed.close();
        await assert.rejects(
            waitForEngine({ address: '127.0.0.1', port: deadPort, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } }, { overallTimeoutMs: 800, maxBackoffMs: 200 }),
            (e: Error) => /tcp:\/\/127\.0\.0\.1:\d+ did not answer a TLS \/_ping within 1 s \(\d+ tries; last error: .*ECONNREFUSED/.test(e.message),
        );
    });

    it('stops at once when cancelled', async () => {
        const abort = new AbortController();
        const waiting = waitForEngine({ address: '127.0.0.1', port: 1, tls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } }, { overallTimeoutMs: 60_000, signal: abort.signal });
        abort.abort(new Error('Cancelled by the user.'));
        await assert.rejects(waiting, /Cancelled by the user/);
    });
});
