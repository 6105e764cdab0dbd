/**
 * TLS material on disk, in the DOCKER_CERT_PATH layout (ca.pem, cert.pem, key.pem) so the docker
 * CLI can use the folder as it is. Private keys are created 0600 at open time, so they are never
 * world-readable, not even between the write and a later chmod.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The client side of an engine's mutual TLS: the PEMs of a DOCKER_CERT_PATH folder. */
export interface ClientMaterial {
    readonly ca: string;
    readonly cert: string;
    readonly key: string;
}

const dirMode = 0o700;
const keyMode = 0o600;
const publicMode = 0o644;

export async function writeTlsMaterial(dir: string, files: Record<string, string>): Promise<void> {
    await fs.mkdir(dir, { recursive: true, mode: dirMode });
    // mkdir leaves an existing folder's mode alone, and the umask may have narrowed a new one.
    await fs.chmod(dir, dirMode);
    for (const [name, content] of Object.entries(files)) {
        if (path.basename(name) !== name) {
            throw new Error(`TLS file name must not contain a path: ${name}`);
        }
        await writeFile(path.join(dir, name), content, name.endsWith('key.pem') ? keyMode : publicMode);
    }
}

export async function readClientMaterial(dir: string): Promise<ClientMaterial> {
    const [ca, cert, key] = await Promise.all(
        ['ca.pem', 'cert.pem', 'key.pem'].map((name) => fs.readFile(path.join(dir, name), 'utf8')),
    );
    return { ca, cert, key };
}

export async function removeTlsMaterial(dir: string): Promise<void> {
    await fs.rm(dir, { recursive: true, force: true });
}

async function writeFile(file: string, content: string, mode: number): Promise<void> {
    // An existing file keeps its old mode on open, so tighten it before writing any content.
    const handle = await fs.open(file, 'w', mode);
    try {
        await handle.chmod(mode);
        await handle.writeFile(content, 'utf8');
    } finally {
        await handle.close();
    }
}
