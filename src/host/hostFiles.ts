import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeTlsMaterial } from '../tls/storage';

/** Where one host's local files live: a DOCKER_CERT_PATH folder (ca.pem, cert.pem, key.pem) plus host.json. */
export function hostDir(storageRoot: string, host: { subscriptionId: string; resourceGroup: string; name: string }): string {
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
    await writeTlsMaterial(dir, { 'host.json': `${JSON.stringify(record, null, 2)}\n` });
}

export async function readHostRecord(dir: string): Promise<HostRecord | undefined> {
    try {
        return JSON.parse(await readFile(join(dir, 'host.json'), 'utf8')) as HostRecord;
    } catch {
        return undefined;
    }
}
