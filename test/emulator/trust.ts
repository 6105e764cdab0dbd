/**
 * Trusting the emulator's CA inside an already running Node process (mocha). NODE_EXTRA_CA_CERTS
 * is read only at process start, so a test that starts the emulator in-process adds the CA to the
 * process's default CA store instead (`tls.setDefaultCACertificates`, Node >= 22.19 / 24.5). Every
 * https client that does not pass its own `ca` then trusts it — @azure/identity (MSAL's HTTP client)
 * and the ARM SDK clients included — exactly as NODE_EXTRA_CA_CERTS would make them. The product
 * code is untouched: it never sees a test-only option.
 */
import * as tls from 'node:tls';

/** Adds `caPem` to the default CA store; returns a function that restores the previous store. */
export function trustEmulatorCa(caPem: string): () => void {
    const before = tls.getCACertificates('default');
    tls.setDefaultCACertificates([...before, caPem]);
    return () => tls.setDefaultCACertificates(before);
}
