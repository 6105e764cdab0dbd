import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { EngineTls } from '../../docker/enginePing';
import { serverCertFile } from '../../tls/certificateExpiry';
import { removeTlsMaterial, writeTlsMaterial } from '../../tls/storage';

/**
 * Where new certificates wait until the engine has accepted them: beside the host's folder, not in
 * it, so the folder the tree, the environment and contexts use keeps the working files until then.
 */
export function stagingDir(hostDir: string): string {
    return `${hostDir}.rotating`;
}

const clientFiles = ['ca.pem', 'cert.pem', 'key.pem'] as const;

/** Stages the new client material and, for the expiry shown in the tree, the new server certificate. */
export async function stageClientMaterial(hostDir: string, tls: EngineTls, serverCertPem?: string): Promise<string> {
    const dir = stagingDir(hostDir);
    await removeTlsMaterial(dir);
    await writeTlsMaterial(dir, { 'ca.pem': tls.ca, 'cert.pem': tls.cert, 'key.pem': tls.key, ...(serverCertPem ? { [serverCertFile]: serverCertPem } : {}) });
    return dir;
}

/** Moves the staged files over the host's files (each rename is atomic), then removes the staging folder. */
export async function promoteStagedMaterial(hostDir: string): Promise<void> {
    const dir = stagingDir(hostDir);
    for (const name of clientFiles) {
        await fs.rename(path.join(dir, name), path.join(hostDir, name));
    }
    // Optional: material staged before server-cert.pem existed has none.
    await fs.rename(path.join(dir, serverCertFile), path.join(hostDir, serverCertFile)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') {
            throw error;
        }
    });
    await removeTlsMaterial(dir);
}

export async function discardStagedMaterial(hostDir: string): Promise<void> {
    await removeTlsMaterial(stagingDir(hostDir));
}
