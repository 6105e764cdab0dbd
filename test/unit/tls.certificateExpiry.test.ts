import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expiringCertificates, readCertificateExpiry, serverCertFile } from '../../src/tls/certificateExpiry';
import { createCa, issueClientCert, issueServerCert } from '../../src/tls/certificates';

const day = 24 * 3600 * 1000;

describe('tls: certificate expiry', () => {
    it('reads when the stored client and server certificates expire', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'adh-expiry-'));
        const ca = await createCa('test CA');
        const client = await issueClientCert(ca, { commonName: 'client', validDays: 10 });
        const server = await issueServerCert(ca, { commonName: 'host', dnsNames: ['host.example'], ipAddresses: [], validDays: 100 });
        writeFileSync(join(dir, 'cert.pem'), client.certPem);
        writeFileSync(join(dir, serverCertFile), server.certPem);
        const expiry = await readCertificateExpiry(dir);
        assert.ok(Math.abs(expiry.client!.getTime() - (Date.now() + 10 * day)) < 60_000, String(expiry.client));
        assert.ok(Math.abs(expiry.server!.getTime() - (Date.now() + 100 * day)) < 60_000, String(expiry.server));
        assert.deepEqual(expiringCertificates(expiry, new Date()), ['client']);
        assert.deepEqual(expiringCertificates(expiry, new Date(Date.now() + 75 * day)), ['client', 'server']);
        assert.deepEqual(await readCertificateExpiry(join(dir, 'missing')), { client: undefined, server: undefined });
    });

    it('warns from 30 days before an expiry, not 31', () => {
        const now = new Date('2030-01-01T00:00:00Z');
        assert.deepEqual(expiringCertificates({ server: new Date(now.getTime() + 30 * day) }, now), ['server']);
        assert.deepEqual(expiringCertificates({ server: new Date(now.getTime() + 31 * day) }, now), []);
        assert.deepEqual(expiringCertificates({ client: new Date(now.getTime() - day) }, now), ['client']);
    });
});
