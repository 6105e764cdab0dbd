import { generateKeyPairSync, randomBytes } from 'node:crypto';

function sshString(data: Buffer | string): Buffer {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
}

function uint32(value: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    return b;
}

/**
 * A new ed25519 key pair in OpenSSH's own formats: the public key line and an unencrypted
 * `OPENSSH PRIVATE KEY` that ssh reads as it is. Made in-process, so no ssh-keygen is needed.
 */
export function generateEd25519KeyPair(comment: string): { publicKey: string; privateKey: string } {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
    const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url');
    const type = 'ssh-ed25519';
    const publicBlob = Buffer.concat([sshString(type), sshString(pub)]);
    const check = randomBytes(4).readUInt32BE(0);
    let secret = Buffer.concat([uint32(check), uint32(check), sshString(type), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
    const padding = Buffer.from(Array.from({ length: (8 - (secret.length % 8)) % 8 }, (_, i) => i + 1));
    secret = Buffer.concat([secret, padding]);
    const body = Buffer.concat([
        Buffer.from('openssh-key-v1\0', 'latin1'),
        sshString('none'),
        sshString('none'),
        sshString(''),
        uint32(1),
        sshString(publicBlob),
        sshString(secret),
    ]);
    const wrapped = body.toString('base64').match(/.{1,70}/g)?.join('\n') ?? '';
    return {
        publicKey: `${type} ${publicBlob.toString('base64')} ${comment}`,
        privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrapped}\n-----END OPENSSH PRIVATE KEY-----\n`,
    };
}
