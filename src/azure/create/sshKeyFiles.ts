import { chmod, mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { generateEd25519KeyPair } from './sshKeyPair';
import { parseSshPublicKey } from './sshPublicKey';

export interface PublicKeyFile {
    readonly path: string;
    readonly key: string;
    readonly type: string;
    /** The private key beside it (the same path without .pub), when there is one. */
    readonly privateKeyPath?: string;
}

async function exists(path: string): Promise<boolean> {
    return stat(path).then(() => true, () => false);
}

/** Reads a file offered as a public key; returns it, or the message for the prompt. */
export async function readPublicKeyFile(path: string): Promise<PublicKeyFile | string> {
    let text: string;
    try {
        text = await readFile(path, 'utf8');
    } catch (error) {
        return `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`;
    }
    const parsed = parseSshPublicKey(text);
    if (typeof parsed === 'string') {
        return parsed;
    }
    const privateKeyPath = path.endsWith('.pub') ? path.slice(0, -4) : undefined;
    return { path, ...parsed, privateKeyPath: privateKeyPath && (await exists(privateKeyPath)) ? privateKeyPath : undefined };
}

/** The valid public keys in ~/.ssh; files that are not keys are left out. */
export async function listPublicKeys(sshDir: string): Promise<PublicKeyFile[]> {
    const names = await readdir(sshDir).catch(() => [] as string[]);
    const files = await Promise.all(names.filter((n) => n.endsWith('.pub')).sort().map((n) => readPublicKeyFile(join(sshDir, n))));
    return files.filter((f): f is PublicKeyFile => typeof f !== 'string');
}

/** A free file name in sshDir for a new key: id_ed25519, else id_ed25519_<host>, never overwriting. */
export async function newKeyPath(sshDir: string, hostName: string): Promise<string> {
    for (const name of ['id_ed25519', `id_ed25519_${hostName}`]) {
        const path = join(sshDir, name);
        if (!(await exists(path)) && !(await exists(`${path}.pub`))) {
            return path;
        }
    }
    throw new Error(`${join(sshDir, 'id_ed25519')} and ${join(sshDir, `id_ed25519_${hostName}`)} already exist; pick an existing key instead.`);
}

/** Writes a new ed25519 pair: the private key 0600 (never readable by others, even briefly), ~/.ssh 0700. */
export async function generateKeyFiles(privateKeyPath: string, comment: string): Promise<PublicKeyFile> {
    const dir = join(privateKeyPath, '..');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const { publicKey, privateKey } = generateEd25519KeyPair(comment);
    const handle = await open(privateKeyPath, 'wx', 0o600);
    try {
        await handle.writeFile(privateKey);
    } finally {
        await handle.close();
    }
    await chmod(privateKeyPath, 0o600);
    const pub = await open(`${privateKeyPath}.pub`, 'wx', 0o644);
    try {
        await pub.writeFile(`${publicKey}\n`);
    } finally {
        await pub.close();
    }
    return { path: `${privateKeyPath}.pub`, key: publicKey, type: 'ssh-ed25519', privateKeyPath };
}

/**
 * Writes a new pair for one create and runs it; the pair is deleted again when the create fails,
 * is cancelled or throws, since no VM will ever know the key. Keys the user picked never come here.
 */
export async function withNewKeyFiles<R extends { readonly ok: boolean }>(privateKeyPath: string, comment: string, run: (file: PublicKeyFile) => Promise<R>): Promise<R> {
    const file = await generateKeyFiles(privateKeyPath, comment);
    const remove = () => Promise.all([rm(privateKeyPath, { force: true }), rm(file.path, { force: true })]);
    let result: R;
    try {
        result = await run(file);
    } catch (error) {
        await remove();
        throw error;
    }
    if (!result.ok) {
        await remove();
    }
    return result;
}
