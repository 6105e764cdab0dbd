/**
 * A host's SSH host keys, pinned in its folder. They come only from the setup script's output,
 * read through ARM (an authenticated channel), so no connection trusts a key on first use. The
 * pinned file is an OpenSSH known_hosts file of its own: the terminal passes it with
 * UserKnownHostsFile and StrictHostKeyChecking=yes, and the user's ~/.ssh/known_hosts is never
 * read or written.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostKeyLinePrefix } from '../hostSetup/setupScriptTemplate';

export interface HostKey {
    /** e.g. ssh-ed25519 */
    readonly type: string;
    /** The key blob, base64 as in a .pub file. */
    readonly key: string;
}

/** The file in the host's folder, and the name its keys are filed under (the address may change). */
export const knownHostsFileName = 'known_hosts';
export const hostKeyAlias = 'azure-docker-host';

export function knownHostsPath(dir: string): string {
    return join(dir, knownHostsFileName);
}

/** OpenSSH's SHA256 fingerprint of a key blob. */
export function fingerprint(keyBlob: Buffer): string {
    return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The host keys in the setup script's output. A line whose key does not match the fingerprint
 * printed with it is dropped: the output was cut or altered.
 */
export function parseHostKeyLines(output: string): HostKey[] {
    const keys: HostKey[] = [];
    for (const line of output.split('\n')) {
        const words = line.trim().split(/\s+/);
        const prefix = hostKeyLinePrefix.split(' ');
        if (words.length !== prefix.length + 3 || prefix.some((w, i) => words[i] !== w)) {
            continue;
        }
        const [type, key, printed] = words.slice(prefix.length);
        if (/^[a-z0-9@.-]+$/.test(type) && /^[A-Za-z0-9+/]+={0,2}$/.test(key) && fingerprint(Buffer.from(key, 'base64')) === printed
            && !keys.some((k) => k.key === key)) {
            keys.push({ type, key });
        }
    }
    return keys;
}

export async function readPinnedHostKeys(dir: string): Promise<HostKey[]> {
    let text: string;
    try {
        text = await readFile(knownHostsPath(dir), 'utf8');
    } catch {
        return [];
    }
    return text.split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w.length >= 3 && w[0] === hostKeyAlias)
        .map(([, type, key]) => ({ type, key }));
}

/** Writes the known_hosts file (replacing it whole, so a reader never sees half of it). */
export async function pinHostKeys(dir: string, keys: readonly HostKey[]): Promise<void> {
    const file = knownHostsPath(dir);
    await writeFile(`${file}.tmp`, keys.map((k) => `${hostKeyAlias} ${k.type} ${k.key}\n`).join(''), { mode: 0o644 });
    await rename(`${file}.tmp`, file);
}

/** The OpenSSH options that make `ssh` check the host against the pinned keys and nothing else. */
export function pinnedSshOptions(dir: string): string[] {
    return ['-o', `UserKnownHostsFile=${knownHostsPath(dir)}`, '-o', 'StrictHostKeyChecking=yes', '-o', `HostKeyAlias=${hostKeyAlias}`,
        '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'UpdateHostKeys=no'];
}

export class HostKeyMismatchError extends Error {
    constructor(readonly address: string, readonly presented: string, readonly pinned: readonly string[]) {
        super(`The SSH host key of ${address} does not match the one pinned when the host was set up: it presented ${presented}, `
            + `but the pinned key is ${pinned.join(' or ')}. The connection was refused. If the VM was rebuilt, run Rotate Certificates `
            + `so the setup prints its new keys; otherwise someone may be intercepting the connection.`);
        this.name = 'HostKeyMismatchError';
    }
}

/** Throws HostKeyMismatchError unless `presented` (a key blob) is one of the pinned keys. */
export function checkHostKey(address: string, presented: Buffer, pinned: readonly HostKey[]): void {
    if (!pinned.some((k) => Buffer.from(k.key, 'base64').equals(presented))) {
        throw new HostKeyMismatchError(address, fingerprint(presented), pinned.map((k) => fingerprint(Buffer.from(k.key, 'base64'))));
    }
}
