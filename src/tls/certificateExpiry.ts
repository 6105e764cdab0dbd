import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The server certificate's copy beside the client material; public, so 0644 like ca.pem. */
export const serverCertFile = 'server-cert.pem';

/** How many days ahead of an expiry the host row warns and offers Rotate TLS Certificates. */
export const expiryWarningDays = 30;

export interface CertificateExpiry {
    readonly client?: Date;
    readonly server?: Date;
}

async function notAfter(path: string): Promise<Date | undefined> {
    try {
        // node:crypto rather than @peculiar/x509: reading a date needs no WebCrypto, and the tree
        // reads this while it loads, where the x509 library (kept in the lazy provisioning code) is absent.
        return new Date(new X509Certificate(await readFile(path)).validTo);
    } catch {
        return undefined;
    }
}

/** When the stored client (cert.pem) and server (server-cert.pem) certificates of a host expire; undefined for a missing or unreadable file. */
export async function readCertificateExpiry(certDir: string): Promise<CertificateExpiry> {
    const [client, server] = await Promise.all([notAfter(join(certDir, 'cert.pem')), notAfter(join(certDir, serverCertFile))]);
    return { client, server };
}

/** The certificates that expire within expiryWarningDays of now, or already have. */
export function expiringCertificates(expiry: CertificateExpiry, now: Date): ('client' | 'server')[] {
    const limit = now.getTime() + expiryWarningDays * 24 * 3600 * 1000;
    return (['client', 'server'] as const).filter((which) => {
        const date = expiry[which];
        return date !== undefined && date.getTime() <= limit;
    });
}
