import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { once } from 'node:events';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { createCa, issueClientCert, issueEngineServerCert, issueServerCert, mintHostMaterial, PemPair } from '../../src/tls/certificates';

function openssl(args: string[]): string {
    return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('tls/certificates', () => {
    const now = new Date('2030-01-01T00:00:00Z');
    let dir: string;
    let ca: PemPair;
    let server: PemPair;
    let client: PemPair;

    before(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adh-certs-'));
        ca = await createCa('Azure Docker Hosts CA myhost');
        server = await issueServerCert(ca, {
            commonName: 'myhost.westeurope.cloudapp.azure.com',
            dnsNames: ['myhost.westeurope.cloudapp.azure.com', 'localhost'],
            ipAddresses: ['20.1.2.3', '127.0.0.1'],
        });
        client = await issueClientCert(ca, { commonName: 'client' });
        await fs.writeFile(path.join(dir, 'ca.pem'), ca.certPem);
        await fs.writeFile(path.join(dir, 'server.pem'), server.certPem);
        await fs.writeFile(path.join(dir, 'client.pem'), client.certPem);
    });

    after(async () => {
        await fs.rm(dir, { recursive: true, force: true });
    });

    it('emits PEM certificates and PKCS#8 keys', () => {
        for (const pair of [ca, server, client]) {
            assert.match(pair.certPem, /^-----BEGIN CERTIFICATE-----\r?\n/);
            assert.match(pair.keyPem, /^-----BEGIN PRIVATE KEY-----\r?\n/);
        }
    });

    it('makes a CA with critical CA:true and keyCertSign, cRLSign', () => {
        const text = openssl(['x509', '-in', path.join(dir, 'ca.pem'), '-noout', '-text']);
        assert.match(text, /Basic Constraints: critical\s+CA:TRUE/);
        assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
        assert.match(text, /ecdsa-with-SHA256/);
        assert.match(text, /prime256v1|P-256/);
    });

    it('issues a server cert that openssl verifies for sslserver, with SANs and serverAuth', () => {
        const verified = openssl(['verify', '-purpose', 'sslserver', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'server.pem')]);
        assert.match(verified, /: OK/);
        const text = openssl(['x509', '-in', path.join(dir, 'server.pem'), '-noout', '-text']);
        assert.match(text, /DNS:myhost\.westeurope\.cloudapp\.azure\.com/);
        assert.match(text, /DNS:localhost/);
        assert.match(text, /IP Address:20\.1\.2\.3/);
        assert.match(text, /IP Address:127\.0\.0\.1/);
        assert.match(text, /Extended Key Usage:\s+TLS Web Server Authentication\n/);
        assert.match(text, /Key Usage: critical\s+Digital Signature/);
        assert.match(text, /Authority Key Identifier/);
        assert.match(text, /Subject Key Identifier/);
        assert.match(text, /CA:FALSE/);
    });

    it('rejects the server cert for sslclient and the client cert for sslserver', () => {
        assert.throws(() => openssl(['verify', '-purpose', 'sslclient', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'server.pem')]));
        assert.throws(() => openssl(['verify', '-purpose', 'sslserver', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'client.pem')]));
    });

    it('issues a client cert that openssl verifies for sslclient, with clientAuth only', () => {
        const verified = openssl(['verify', '-purpose', 'sslclient', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'client.pem')]);
        assert.match(verified, /: OK/);
        const text = openssl(['x509', '-in', path.join(dir, 'client.pem'), '-noout', '-text']);
        assert.match(text, /Extended Key Usage:\s+TLS Web Client Authentication\n/);
        assert.doesNotMatch(text, /Subject Alternative Name/);
    });

    it('does not use the legacy scheme: no CN "*", serials unique and not 01', async () => {
        const more = await Promise.all([1, 2, 3].map(() => issueClientCert(ca, { commonName: 'c' })));
        const serials = [ca, server, client, ...more].map((p) => new X509Certificate(p.certPem).serialNumber);
        assert.equal(new Set(serials).size, serials.length);
        for (const serial of serials) {
            assert.notEqual(BigInt('0x' + serial), 1n);
            assert.ok(serial.length >= 30, serial);
        }
        assert.notEqual(new X509Certificate(server.certPem).subject, 'CN=*');
    });

    it('backdates notBefore by 5 minutes and applies the default and given lifetimes', async () => {
        const day = 24 * 3600 * 1000;
        const caAt = new X509Certificate((await createCa('x', { now })).certPem);
        assert.equal(new Date(caAt.validFrom).getTime(), now.getTime() - 5 * 60 * 1000);
        assert.equal(new Date(caAt.validTo).getTime(), now.getTime() + 3650 * day);
        const leaf = new X509Certificate((await issueClientCert(ca, { commonName: 'c', now })).certPem);
        assert.equal(new Date(leaf.validFrom).getTime(), now.getTime() - 5 * 60 * 1000);
        assert.equal(new Date(leaf.validTo).getTime(), now.getTime() + 825 * day);
        const short = new X509Certificate((await issueServerCert(ca, { commonName: 's', dnsNames: [], ipAddresses: ['10.0.0.1'], now, validDays: 7 })).certPem);
        assert.equal(new Date(short.validTo).getTime(), now.getTime() + 7 * day);
    });

    it('lets Node complete a mutual-TLS handshake with these certs', async () => {
        const tlsServer = tls.createServer({
            ca: ca.certPem, cert: server.certPem, key: server.keyPem,
            requestCert: true, rejectUnauthorized: true,
        }, (socket) => {
            socket.end(`hello ${(socket.getPeerCertificate().subject as { CN?: string }).CN}`);
        });
        tlsServer.listen(0, '127.0.0.1');
        await once(tlsServer, 'listening');
        const { port } = tlsServer.address() as { port: number };
        try {
            const reply = await new Promise<string>((resolve, reject) => {
                const socket = tls.connect({
                    host: '127.0.0.1', port, servername: 'localhost',
                    ca: ca.certPem, cert: client.certPem, key: client.keyPem,
                }, () => assert.ok(socket.authorized, String(socket.authorizationError)));
                let data = '';
                socket.setEncoding('utf8');
                socket.on('data', (chunk: string) => { data += chunk; });
                socket.on('end', () => resolve(data));
                socket.on('error', reject);
            });
            assert.equal(reply, 'hello client');
            // The IP SAN must also satisfy hostname checking.
            await new Promise<void>((resolve, reject) => {
                const socket = tls.connect({ host: '127.0.0.1', port, ca: ca.certPem, cert: client.certPem, key: client.keyPem }, () => {
                    socket.destroy();
                    resolve();
                });
                socket.on('error', reject);
            });
        } finally {
            tlsServer.close();
        }
    });

    it('makes Node refuse a client without a certificate', async () => {
        const tlsServer = tls.createServer({
            ca: ca.certPem, cert: server.certPem, key: server.keyPem, requestCert: true, rejectUnauthorized: true,
        }, (socket) => socket.end('should not happen'));
        tlsServer.listen(0, '127.0.0.1');
        await once(tlsServer, 'listening');
        const { port } = tlsServer.address() as { port: number };
        try {
            const outcome = await new Promise<string>((resolve) => {
                const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: ca.certPem });
                let data = '';
                socket.on('data', (chunk: Buffer) => { data += chunk.toString(); });
                socket.on('error', () => resolve('error'));
                socket.on('close', () => resolve(data === '' ? 'closed' : data));
            });
            assert.notEqual(outcome, 'should not happen');
        } finally {
            tlsServer.close();
        }
    });

    it('mints one host\'s CA and client certificate, and its server certificate for the DNS name and the IP', async () => {
        const host = await mintHostMaterial('dock1');
        assert.equal(new X509Certificate(host.ca.certPem).subject, 'CN=Azure Docker Hosts CA for dock1');
        assert.equal(host.client.ca, host.ca.certPem);
        assert.ok(new X509Certificate(host.client.cert).verify(new X509Certificate(host.ca.certPem).publicKey));
        const both = new X509Certificate((await issueEngineServerCert(host.ca, { fqdn: 'dock1.eastus.cloudapp.azure.com', publicIp: '203.0.113.9' })).certPem);
        assert.equal(both.subject, 'CN=dock1.eastus.cloudapp.azure.com');
        assert.equal(both.subjectAltName, 'DNS:dock1.eastus.cloudapp.azure.com, IP Address:203.0.113.9');
        const ipOnly = new X509Certificate((await issueEngineServerCert(host.ca, { publicIp: '203.0.113.9' })).certPem);
        assert.equal(ipOnly.subject, 'CN=203.0.113.9');
        assert.equal(ipOnly.subjectAltName, 'IP Address:203.0.113.9');
    });
});
