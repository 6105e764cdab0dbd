/**
 * A host's TLS material on this computer: its DOCKER_CERT_PATH folder, the staging folders new
 * material waits in (create, adoption, rotation), and the error when there is none. The material
 * itself is minted by mintHostMaterial in certificates.ts, which only the lazily loaded
 * provisioning core imports: this module is also in the main bundle, and must not pull in x509.
 */
import { access, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { hostDir, type HostLocation } from '../host/hostFiles';
import { serverCertFile } from './certificateExpiry';
import { readClientMaterial, removeTlsMaterial, writeTlsMaterial, type ClientMaterial } from './storage';

export async function writeClientMaterial(dir: string, material: ClientMaterial): Promise<void> {
    await writeTlsMaterial(dir, { 'ca.pem': material.ca, 'cert.pem': material.cert, 'key.pem': material.key });
}

/** This computer holds no client certificate for a host (it was made elsewhere, or its files were removed). */
export class MissingMaterialError extends Error {
    /** The message in two parts, for a tree row: what is missing, and how to fix it. */
    readonly description: { readonly cause: string; readonly fix: string };

    constructor(hostName: string, dir: string) {
        const cause = `There is no TLS client certificate for ${hostName} on this computer (looked in ${dir}).`;
        const fix = 'Hosts created elsewhere need their certificates: run "Rotate TLS Certificates" on the host to make new ones here.';
        super(`${cause} ${fix}`);
        this.name = 'MissingMaterialError';
        this.description = { cause, fix };
    }
}

/** The host's DOCKER_CERT_PATH folder, once it is known to hold a client key. */
export async function hostCertDir(storageRoot: string, host: HostLocation): Promise<string> {
    const dir = hostDir(storageRoot, host);
    try {
        await access(join(dir, 'key.pem'));
        return dir;
    } catch {
        throw new MissingMaterialError(host.name, dir);
    }
}

export async function readHostMaterial(dir: string, hostName: string): Promise<ClientMaterial> {
    try {
        return await readClientMaterial(dir);
    } catch {
        throw new MissingMaterialError(hostName, dir);
    }
}

/**
 * Where a create or an adoption keeps its material until the host exists: a folder of the run's
 * own, so a second run for the same host must not overwrite, or on failure delete, the first's files.
 */
export function newHostStagingDir(dir: string, provisioningId: string): string {
    return `${dir}.creating-${provisioningId}`;
}

/**
 * Puts a finished run's folder in place, with a copy of the server certificate so the tree can say
 * when it expires. A folder already there belonged to a host of the same name that no longer exists.
 */
export async function promoteNewHost(staging: string, dir: string, serverCertPem: string): Promise<void> {
    await writeTlsMaterial(staging, { [serverCertFile]: serverCertPem });
    await removeTlsMaterial(dir);
    await rename(staging, dir);
}

/**
 * Where rotated certificates wait until the engine has accepted them: beside the host's folder, not
 * in it, so the folder the tree, the environment and contexts use keeps the working files until then.
 */
export function rotationStagingDir(hostDir: string): string {
    return `${hostDir}.rotating`;
}

/** Stages the new client material and, for the expiry shown in the tree, the new server certificate. */
export async function stageRotation(hostDir: string, material: ClientMaterial, serverCertPem: string): Promise<string> {
    const dir = rotationStagingDir(hostDir);
    await removeTlsMaterial(dir);
    await writeTlsMaterial(dir, { 'ca.pem': material.ca, 'cert.pem': material.cert, 'key.pem': material.key, [serverCertFile]: serverCertPem });
    return dir;
}

/** Moves the staged files over the host's files (each rename is atomic), then removes the staging folder. */
export async function promoteRotation(hostDir: string): Promise<void> {
    const dir = rotationStagingDir(hostDir);
    for (const name of ['ca.pem', 'cert.pem', 'key.pem']) {
        await rename(join(dir, name), join(hostDir, name));
    }
    // Optional: material staged before server-cert.pem existed has none.
    await rename(join(dir, serverCertFile), join(hostDir, serverCertFile)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') {
            throw error;
        }
    });
    await removeTlsMaterial(dir);
}

export async function discardRotation(hostDir: string): Promise<void> {
    await removeTlsMaterial(rotationStagingDir(hostDir));
}
