/**
 * A per-host certificate authority and the certificates it issues, made in-process on WebCrypto
 * (ECDSA P-256, SHA-256). Never shells out to openssl. Unlike the legacy CLI (CN '*', no SAN,
 * serial 01 for every cert), every cert gets a random serial, SANs and the right EKU, which modern
 * clients require.
 */
import type { webcrypto } from 'node:crypto';
import './reflectMetadata';
import * as x509 from '@peculiar/x509';

import type { ClientMaterial } from './storage';

x509.cryptoProvider.set(globalThis.crypto);

export interface PemPair { certPem: string; keyPem: string }
export interface ValidityOptions { now?: Date; validDays?: number }

const keyAlgorithm: webcrypto.EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const signingAlgorithm: webcrypto.EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
// Clock skew between this machine and the VM must not make a fresh cert "not yet valid".
const backdateMs = 5 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

export async function createCa(commonName: string, opts: ValidityOptions = {}): Promise<PemPair> {
    const keys = await generateKeys();
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
        name: [{ CN: [commonName] }],
        keys,
        serialNumber: randomSerial(),
        ...validity(opts, 3650),
        signingAlgorithm,
        extensions: [
            new x509.BasicConstraintsExtension(true, 0, true),
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
    });
    return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

export async function issueServerCert(
    ca: PemPair,
    opts: ValidityOptions & { commonName: string; dnsNames: string[]; ipAddresses: string[] },
): Promise<PemPair> {
    const names: x509.JsonGeneralName[] = [
        ...opts.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...opts.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
    ];
    return issueLeaf(ca, opts, [
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(names),
    ]);
}

export async function issueClientCert(ca: PemPair, opts: ValidityOptions & { commonName: string }): Promise<PemPair> {
    return issueLeaf(ca, opts, [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])]);
}

/** A new host CA and the client certificate it signed. The CA's key signs the server certificate and is never saved. */
export interface HostMaterial {
    readonly ca: PemPair;
    readonly client: ClientMaterial;
}

export async function mintHostMaterial(hostName: string): Promise<HostMaterial> {
    const ca = await createCa(`Azure Docker Hosts CA for ${hostName}`);
    const client = await issueClientCert(ca, { commonName: 'azure-docker-hosts client' });
    return { ca, client: { ca: ca.certPem, cert: client.certPem, key: client.keyPem } };
}

/** Where the engine is reached; the server certificate names both in its SANs. */
export type EngineAddress = { readonly fqdn?: string; readonly publicIp: string } | { readonly fqdn: string; readonly publicIp?: string };

export function issueEngineServerCert(ca: PemPair, address: EngineAddress): Promise<PemPair> {
    return issueServerCert(ca, {
        commonName: address.fqdn ?? address.publicIp!,
        dnsNames: address.fqdn ? [address.fqdn] : [],
        ipAddresses: address.publicIp ? [address.publicIp] : [],
    });
}

async function issueLeaf(
    ca: PemPair,
    opts: ValidityOptions & { commonName: string },
    extra: x509.Extension[],
): Promise<PemPair> {
    const caCert = new x509.X509Certificate(ca.certPem);
    const caKey = await importPrivateKey(ca.keyPem);
    const keys = await generateKeys();
    const cert = await x509.X509CertificateGenerator.create({
        subject: [{ CN: [opts.commonName] }],
        issuer: caCert.subject,
        publicKey: keys.publicKey,
        signingKey: caKey,
        serialNumber: randomSerial(),
        ...validity(opts, 825),
        signingAlgorithm,
        extensions: [
            new x509.BasicConstraintsExtension(false, undefined, true),
            // ECDSA keys sign the handshake; keyEncipherment only applies to RSA key transport.
            new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
            await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
            await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
            ...extra,
        ],
    });
    return { certPem: cert.toString('pem'), keyPem: await exportKey(keys.privateKey) };
}

function validity(opts: ValidityOptions, defaultDays: number): { notBefore: Date; notAfter: Date } {
    const now = (opts.now ?? new Date()).getTime();
    return {
        notBefore: new Date(now - backdateMs),
        notAfter: new Date(now + (opts.validDays ?? defaultDays) * dayMs),
    };
}

/** 128 random bits, top bit cleared so the DER integer stays positive, never zero. */
function randomSerial(): string {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    return Buffer.from(bytes).toString('hex');
}

async function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
    return globalThis.crypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']);
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
    const der = await globalThis.crypto.subtle.exportKey('pkcs8', key);
    return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function importPrivateKey(pem: string): Promise<webcrypto.CryptoKey> {
    const der = x509.PemConverter.decodeFirst(pem);
    return globalThis.crypto.subtle.importKey('pkcs8', der, keyAlgorithm, false, ['sign']);
}
