import type { TokenCredential } from '@azure/core-auth';
import { hostDir, writeHostRecord } from '../../host/hostFiles';
import { mintHostMaterial, type PemPair } from '../../tls/certificates';
import { newHostStagingDir, promoteNewHost, writeClientMaterial } from '../../tls/hostMaterial';
import { removeTlsMaterial } from '../../tls/storage';
import { createArmClients, type ArmClients } from '../armClients';
import type { CloudConfig } from '../cloud';
import { executeGraph } from '../provisioning/executor';
import type { ProvisioningEvent, RollbackReport } from '../provisioning/graph';
import { createHostGraph, type CreatedHost } from './createHostGraph';
import { assertNamesFree } from './nameCheck';
import { nsgSourcePrefix } from './parseSourceAddress';
import type { CreateHostPlan } from './plan';
import type { RunJournal } from './runJournal';
import { RunResources } from './runResources';

export interface CreateDockerHostOptions {
    readonly plan: CreateHostPlan;
    readonly cloud: CloudConfig;
    readonly credential: TokenCredential;
    /** The extension's global storage folder. */
    readonly storageRoot: string;
    readonly sshPrivateKeyPath?: string;
    readonly signal?: AbortSignal;
    readonly onEvent?: (event: ProvisioningEvent) => void;
    readonly engineTimeoutMs: number;
    readonly pollIntervalMs?: number;
    /** Clients to reuse; made from cloud and credential otherwise. */
    readonly clients?: ArmClients;
    /** Where the run is recorded as it goes, so a run cut short by a crash can be cleaned up. */
    readonly journal?: RunJournal;
    /** A private key generated for this run (its .pub beside it): Clean Up deletes them with the run. */
    readonly generatedSshKey?: string;
}

/** `dir`: the host's folder on success; on failure the run's own (removed) staging folder. */
export type CreateOutcome =
    | { ok: true; host: CreatedHost; dir: string; ms: number }
    | { ok: false; error: unknown; cancelled: boolean; failedStep?: string; rollback: RollbackReport; dir: string; ms: number };

/**
 * Creates a Docker host. First every name it will use is checked, and a taken one refuses the run
 * before anything is written. Then the TLS material is made and saved, then the provisioning graph
 * runs. On a failure or cancel, the graph deletes what carries this run's tag
 * (found by the search by tag too) and the local material is removed too, so nothing is left behind.
 */
export async function createDockerHost(options: CreateDockerHostOptions): Promise<CreateOutcome> {
    const started = performance.now();
    const { plan } = options;
    // Refused before anything exists, locally or in Azure.
    nsgSourcePrefix(plan.source);
    if (plan.engineAccess === 'ssh' && !options.sshPrivateKeyPath) {
        throw new Error(`An SSH-only host's engine is reached with the private key of its SSH key pair, and this computer has none for the key chosen for ${plan.name}. Choose a key whose private key is beside its .pub file, or generate a new pair.`);
    }
    // The material is saved in a folder of this run's own until the host exists: a second run with
    // the same name must not overwrite, or on failure delete, the files of the first.
    const dir = hostDir(options.storageRoot, plan);
    const staging = newHostStagingDir(dir, plan.provisioningId);
    const clients = options.clients ?? (await createArmClients(options.cloud, options.credential, plan.subscriptionId));
    const check = { nodeId: 'nameCheck', label: 'Checking that every name is free' };
    const emit = (type: ProvisioningEvent['type'], error?: unknown) => {
        const at = performance.now() - started;
        options.onEvent?.({ ...check, type, ms: type === 'start' ? 0 : at, at, error });
    };
    emit('start');
    try {
        // Never write to a name that is taken: a PUT would replace what is there.
        await assertNamesFree(clients, plan, options.signal);
        emit('end');
    } catch (error) {
        emit('fail', error);
        return { ok: false, error, failedStep: check.label, cancelled: options.signal?.aborted ?? false, rollback: { deleted: [], failedToDelete: [] }, dir: staging, ms: performance.now() - started };
    }
    // Recorded before anything is written, so a crash from here on leaves a run to clean up.
    const entry = await options.journal?.start(plan, staging, options.generatedSshKey);
    let ended: 'finished' | 'incomplete' = 'incomplete';
    try {
        const { ca, client } = await mintHostMaterial(plan.name);
        await writeClientMaterial(staging, client);
        await writeHostRecord(staging, {
            provisioningId: plan.provisioningId,
            adminUser: plan.adminUser,
            sshPrivateKeyPath: options.sshPrivateKeyPath,
            createdResourceGroup: plan.createResourceGroup,
            tlsPort: plan.tlsPort,
        });
        const owned = new RunResources(plan, { clients, pollIntervalMs: options.pollIntervalMs });
        const graph = createHostGraph(plan, {
            owned,
            clients,
            cloud: options.cloud,
            ca,
            clientTls: client,
            engineTimeoutMs: options.engineTimeoutMs,
            pollIntervalMs: options.pollIntervalMs,
            ssh: options.sshPrivateKeyPath ? { privateKeyPath: options.sshPrivateKeyPath, dir: staging } : undefined,
        });
        // The search by tag finds what a lost response never let the graph record.
        const result = await executeGraph(graph, { signal: options.signal, onEvent: options.onEvent, discover: (signal) => owned.find(signal), onRecord: (resource) => entry?.accepted(resource) });
        if (result.ok) {
            await promoteNewHost(staging, dir, (result.outputs.get('serverCertificate') as PemPair).certPem);
            ended = 'finished';
            return { ok: true, host: result.outputs.get('engineReady') as CreatedHost, dir, ms: performance.now() - started };
        }
        await removeTlsMaterial(staging);
        // What the rollback could not delete stays in the journal, for Clean Up.
        ended = result.rollback.failedToDelete.length === 0 ? 'finished' : 'incomplete';
        return { ok: false, error: result.error, cancelled: result.cancelled, failedStep: result.failedStep, rollback: result.rollback, dir: staging, ms: performance.now() - started };
    } catch (error) {
        await removeTlsMaterial(staging);
        throw error;
    } finally {
        await entry?.end(ended);
    }
}
