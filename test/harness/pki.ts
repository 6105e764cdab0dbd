/** Test PKI: one CA, a server cert for the given loopback addresses, and a client cert. */
import { createCa, issueClientCert, issueServerCert, type PemPair } from '../../src/tls/certificates';

export interface TestPki {
    ca: PemPair;
    server: PemPair;
    client: PemPair;
}

export async function createTestPki(ipAddresses: string[], dnsNames: string[] = ['localhost']): Promise<TestPki> {
    const ca = await createCa('adh-test-ca');
    const server = await issueServerCert(ca, { commonName: ipAddresses[0] ?? 'localhost', dnsNames, ipAddresses });
    const client = await issueClientCert(ca, { commonName: 'adh-test-client' });
    return { ca, server, client };
}
