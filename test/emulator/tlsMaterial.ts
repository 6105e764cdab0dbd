/**
 * The emulator's own CA and server certificate (SANs 127.0.0.1, ::1, localhost), made with the
 * product's certificate code. With a state directory the CA is kept there and reused, so a
 * NODE_EXTRA_CA_CERTS set once keeps working across restarts; the server cert is fresh each start.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PemPair } from '../../src/tls/certificates';
import { createCa, issueServerCert } from '../../src/tls/certificates';

export interface EmulatorTls {
    ca: PemPair;
    server: PemPair;
    /** PEM file holding the CA certificate: the value for NODE_EXTRA_CA_CERTS. */
    caPath: string;
    dir: string;
    /** True when `dir` was made for this run and is removed on stop. */
    temporary: boolean;
}

export async function prepareTls(stateDir?: string): Promise<EmulatorTls> {
    const temporary = stateDir === undefined;
    const dir = stateDir ?? await fs.mkdtemp(path.join(os.tmpdir(), 'adh-emulator-'));
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const caPath = path.join(dir, 'ca.pem');
    const caKeyPath = path.join(dir, 'ca-key.pem');
    let ca: PemPair;
    try {
        ca = { certPem: await fs.readFile(caPath, 'utf8'), keyPem: await fs.readFile(caKeyPath, 'utf8') };
    } catch {
        ca = await createCa('Azure Docker Hosts emulator CA');
        await fs.writeFile(caKeyPath, ca.keyPem, { mode: 0o600 });
        await fs.writeFile(caPath, ca.certPem, { mode: 0o644 });
    }
    const server = await issueServerCert(ca, {
        commonName: 'localhost',
        dnsNames: ['localhost'],
        ipAddresses: ['127.0.0.1', '::1'],
    });
    return { ca, server, caPath, dir, temporary };
}

export async function disposeTls(tls: EmulatorTls): Promise<void> {
    if (tls.temporary) {
        await fs.rm(tls.dir, { recursive: true, force: true });
    }
}
