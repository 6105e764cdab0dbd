import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What names a host's local folder: the same VM always gets the same folder. */
export interface HostLocation {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly name: string;
}

/** Where one host's local files live: a DOCKER_CERT_PATH folder (ca.pem, cert.pem, key.pem) plus host.json. */
export function hostDir(storageRoot: string, host: HostLocation): string {
    return join(storageRoot, 'hosts', host.subscriptionId.toLowerCase(), host.resourceGroup.toLowerCase(), host.name.toLowerCase());
}

/** What later commands need to know about how a host was made. Holds no secret. */
export interface HostRecord {
    readonly provisioningId: string;
    readonly adminUser: string;
    /** The private key matching the public key given to the VM, when it is known. */
    readonly sshPrivateKeyPath?: string;
    readonly createdResourceGroup: boolean;
    readonly tlsPort: number;
}

export async function writeHostRecord(dir: string, record: HostRecord): Promise<void> {
    // The folder also holds the client's private key, so a folder made here is private too.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'host.json'), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o644 });
}

export async function readHostRecord(dir: string): Promise<HostRecord | undefined> {
    try {
        return JSON.parse(await readFile(join(dir, 'host.json'), 'utf8')) as HostRecord;
    } catch {
        return undefined;
    }
}
