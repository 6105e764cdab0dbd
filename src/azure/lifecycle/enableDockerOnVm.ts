import { randomBytes } from 'node:crypto';
import { createCa, issueClientCert, issueServerCert } from '../../tls/certificates';
import { serverCertFile } from '../../tls/certificateExpiry';
import { removeTlsMaterial, writeTlsMaterial } from '../../tls/storage';
import { hostDir, writeHostRecord } from '../create/hostFiles';
import type { SourceAddress } from '../create/parseSourceAddress';
import { executeGraph } from '../provisioning/executor';
import type { ProvisioningEvent, RollbackReport } from '../provisioning/graph';
import { parseResourceId } from '../resourceId';
import { inspectVmForAdoption, type AdoptionTarget } from './adoptionTarget';
import { enableDockerGraph } from './enableDockerGraph';
import { azureActionError, getIfExists, type LifecycleDeps } from './lifecycleDeps';

export interface EnableDockerOptions {
    readonly deps: LifecycleDeps;
    readonly vmId: string;
    readonly tlsPort: number;
    /** Who may reach SSH and the TLS port: the same rules as create (the user's IP by default). */
    readonly source: SourceAddress;
    /** The extension's global storage folder. */
    readonly storageRoot: string;
    readonly engineTimeoutMs: number;
    /** The id of this run, in the tags; random when omitted. */
    readonly provisioningId?: string;
    readonly sshPrivateKeyPath?: string;
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: ProvisioningEvent) => void;
}

export type EnableDockerOutcome =
    | { ok: true; vmId: string; address: { ipAddress: string; fqdn?: string }; dir: string; ms: number }
    | { ok: false; error: unknown; cancelled: boolean; rollback: RollbackReport; dir: string; ms: number };

/**
 * Makes a plain Linux VM a Docker host. The VM is checked first (inspectVmForAdoption throws with
 * cause and fix, having changed nothing); then the TLS material is made and saved, and the graph
 * runs. On failure or cancel the graph undoes its changes (NSG rules, a new NSG and its
 * association, the extension; the tag is never applied) and the local files are removed.
 */
export async function enableDockerOnVm(options: EnableDockerOptions): Promise<EnableDockerOutcome> {
    const started = performance.now();
    const { deps } = options;
    const target = await inspectVmForAdoption(deps, options.vmId, options.signal);
    const dir = hostDir(options.storageRoot, { subscriptionId: parseResourceId(target.vmId).subscriptionId, resourceGroup: target.resourceGroup, name: target.name });
    const provisioningId = options.provisioningId ?? `adopt-${randomBytes(6).toString('hex')}`;
    const newNsgName = target.nicNsgId || target.subnetNsgId ? `${target.name}-nsg` : await freeNsgName(deps, target);

    const ca = await createCa(`Azure Docker Hosts CA for ${target.name}`);
    const server = await issueServerCert(ca, {
        commonName: target.fqdn ?? target.publicIp,
        dnsNames: target.fqdn ? [target.fqdn] : [],
        ipAddresses: [target.publicIp],
    });
    const client = await issueClientCert(ca, { commonName: 'azure-docker-hosts client' });
    await writeTlsMaterial(dir, { 'ca.pem': ca.certPem, 'cert.pem': client.certPem, 'key.pem': client.keyPem, [serverCertFile]: server.certPem });
    await writeHostRecord(dir, { provisioningId, adminUser: target.adminUser, sshPrivateKeyPath: options.sshPrivateKeyPath, createdResourceGroup: false, tlsPort: options.tlsPort });
    try {
        const graph = enableDockerGraph(
            { target, tlsPort: options.tlsPort, source: options.source, provisioningId, newNsgName },
            {
                ...deps,
                setup: { caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem },
                clientTls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem },
                engineTimeoutMs: options.engineTimeoutMs,
            },
        );
        const result = await executeGraph(graph, { signal: options.signal, onEvent: options.onEvent });
        if (result.ok) {
            return { ok: true, vmId: target.vmId, address: { ipAddress: target.publicIp, fqdn: target.fqdn }, dir, ms: performance.now() - started };
        }
        await removeTlsMaterial(dir);
        return { ok: false, error: result.error, cancelled: result.cancelled, rollback: result.rollback, dir, ms: performance.now() - started };
    } catch (error) {
        await removeTlsMaterial(dir);
        throw error;
    }
}

/** `<vm>-nsg`, or with a suffix when that name is taken in the resource group. */
async function freeNsgName(deps: LifecycleDeps, target: AdoptionTarget): Promise<string> {
    const nsgs = deps.clients.network.networkSecurityGroups;
    try {
        for (const name of [`${target.name}-nsg`, `${target.name}-docker-nsg`]) {
            if (!(await getIfExists(() => nsgs.get(target.resourceGroup, name)))) {
                return name;
            }
        }
    } catch (error) {
        throw azureActionError(error, `checking network security group names in ${target.resourceGroup}`, deps);
    }
    return `${target.name}-nsg-${randomBytes(3).toString('hex')}`;
}
