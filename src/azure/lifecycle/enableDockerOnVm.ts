import { randomBytes } from 'node:crypto';
import { issueEngineServerCert, mintHostMaterial } from '../../tls/certificates';
import { newHostStagingDir, promoteNewHost, writeClientMaterial } from '../../tls/hostMaterial';
import { removeTlsMaterial } from '../../tls/storage';
import { hostDir, writeHostRecord } from '../../host/hostFiles';
import type { SourceAddress } from '../create/parseSourceAddress';
import { executeGraph } from '../provisioning/executor';
import type { ProvisioningEvent, RollbackReport } from '../provisioning/graph';
import { parseResourceId, sameId } from '../resourceId';
import { inspectVmForAdoption, type AdoptionTarget } from './adoptionTarget';
import { denyRulesOverridden, type OverriddenDenyRule } from './dockerNsgRules';
import { enableDockerGraph } from './enableDockerGraph';
import { actionRefused, azureActionError, getIfExists, type LifecycleDeps } from './lifecycleDeps';

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
    /**
     * The user saw the Deny rules that adoptionDenyRules found and agreed to place the allow rules
     * above them. Without it, adoption refuses when there are any: never silently.
     */
    readonly placeAboveDenyRules?: boolean;
}

/** `dir`: the host's folder on success; on failure the run's own (removed) staging folder. */
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
    const denies = await denyRulesInEffect(deps, target, options.tlsPort, options.signal);
    if (denies.length > 0 && !options.placeAboveDenyRules) {
        throw actionRefused(`Enabling Docker on ${target.name} would add allow rules for ports your Deny rules cover: ${denies.map(describeDenyRule).join('; ')}.`,
            'Run Enable Docker on Existing VM again and agree to place the rules above them, or change those Deny rules first.');
    }
    const dir = hostDir(options.storageRoot, { subscriptionId: parseResourceId(target.vmId).subscriptionId, resourceGroup: target.resourceGroup, name: target.name });
    const provisioningId = options.provisioningId ?? `adopt-${randomBytes(6).toString('hex')}`;
    const newNsgName = target.nicNsgId || target.subnetNsgId ? `${target.name}-nsg` : await freeNsgName(deps, target);

    // Staged like a create's, so a failed run never touches a folder already there.
    const staging = newHostStagingDir(dir, provisioningId);
    const { ca, client } = await mintHostMaterial(target.name);
    const server = await issueEngineServerCert(ca, { fqdn: target.fqdn, publicIp: target.publicIp });
    await writeClientMaterial(staging, client);
    await writeHostRecord(staging, { provisioningId, adminUser: target.adminUser, sshPrivateKeyPath: options.sshPrivateKeyPath, createdResourceGroup: false, tlsPort: options.tlsPort });
    try {
        const graph = enableDockerGraph(
            { target, tlsPort: options.tlsPort, source: options.source, provisioningId, newNsgName },
            {
                ...deps,
                setup: { caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem },
                clientTls: client,
                engineTimeoutMs: options.engineTimeoutMs,
            },
        );
        const result = await executeGraph(graph, { signal: options.signal, onEvent: options.onEvent });
        if (result.ok) {
            await promoteNewHost(staging, dir, server.certPem);
            return { ok: true, vmId: target.vmId, address: { ipAddress: target.publicIp, fqdn: target.fqdn }, dir, ms: performance.now() - started };
        }
        await removeTlsMaterial(staging);
        return { ok: false, error: result.error, cancelled: result.cancelled, rollback: result.rollback, dir: staging, ms: performance.now() - started };
    } catch (error) {
        await removeTlsMaterial(staging);
        throw error;
    }
}

/**
 * `<vm>-nsg`, or with a suffix when that name is taken in the resource group; every candidate,
 * the random ones too, is checked free, since a PUT on a taken name would replace that NSG.
 */
async function freeNsgName(deps: LifecycleDeps, target: AdoptionTarget): Promise<string> {
    const nsgs = deps.clients.network.networkSecurityGroups;
    const candidates = [`${target.name}-nsg`, `${target.name}-docker-nsg`, ...Array.from({ length: 3 }, () => `${target.name}-nsg-${randomBytes(3).toString('hex')}`)];
    try {
        for (const name of candidates) {
            if (!(await getIfExists(() => nsgs.get(target.resourceGroup, name)))) {
                return name;
            }
        }
    } catch (error) {
        throw azureActionError(error, `checking network security group names in ${target.resourceGroup}`, deps);
    }
    throw actionRefused(`No free name was found for a new network security group in ${target.resourceGroup} (tried ${candidates.join(', ')}).`,
        'Attach a network security group to the VM\'s network interface, then try again.');
}

/**
 * The decision adoption needs from the user before it changes anything: the Deny rules, in the
 * NSGs in effect for the VM (its NIC's and its subnet's), that its allow rules for SSH and the TLS
 * port would be placed above. Empty when there is nothing to ask.
 */
export async function adoptionDenyRules(deps: LifecycleDeps, vmId: string, tlsPort: number, signal?: AbortSignal): Promise<OverriddenDenyRule[]> {
    return denyRulesInEffect(deps, await inspectVmForAdoption(deps, vmId, signal), tlsPort, signal);
}

async function denyRulesInEffect(deps: LifecycleDeps, target: AdoptionTarget, tlsPort: number, signal?: AbortSignal): Promise<OverriddenDenyRule[]> {
    const nsgIds = [target.nicNsgId, target.subnetNsgId].filter((id, i, all): id is string => !!id && !all.slice(0, i).some((other) => sameId(other, id)));
    try {
        const found = await Promise.all(nsgIds.map(async (nsgId) => {
            const { resourceGroup, name } = parseResourceId(nsgId);
            const nsg = await deps.clients.network.networkSecurityGroups.get(resourceGroup, name, { abortSignal: signal });
            return denyRulesOverridden(nsgId, nsg.securityRules ?? [], { port: tlsPort });
        }));
        return found.flat();
    } catch (error) {
        throw azureActionError(error, `reading the network security groups of ${target.name}`, deps);
    }
}

/** "deny-ssh (priority 300 in web-nsg) denies port 22 from *; our allow rule (priority 299) would take precedence over it". */
export function describeDenyRule(rule: OverriddenDenyRule): string {
    const effect = rule.overridden
        ? `our allow rule (priority ${rule.ourPriority}) would take precedence over it`
        : `it would still take precedence over our allow rule (priority ${rule.ourPriority})`;
    return `${rule.name} (priority ${rule.priority} in ${parseResourceId(rule.nsgId).name}) denies port ${rule.port} from ${rule.source}; ${effect}`;
}
