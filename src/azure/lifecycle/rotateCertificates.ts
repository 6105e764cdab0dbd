import { findContextsForHost, updateContextTls } from '../../docker/cliContexts';
import { pingEngine, waitForEngine, type EngineEndpoint } from '../../docker/enginePing';
import { buildSetupExtension } from '../../hostSetup/extensionSettings';
import { issueEngineServerCert, mintHostMaterial } from '../../tls/certificates';
import { discardRotation, promoteRotation, rotationStagingDir, stageRotation } from '../../tls/hostMaterial';
import { readClientMaterial, type ClientMaterial } from '../../tls/storage';
import { engineAddress, type DockerHost } from '../../host/dockerHost';
import { actionRefused, type LifecycleDeps } from './lifecycleDeps';
import { pushSetupExtension } from './setupExtensionRequest';
import { readPowerState } from './vmPower';

export type RotateStep = 'certificates' | 'extension' | 'engine' | 'saving';

export interface RotateOptions {
    readonly deps: LifecycleDeps;
    readonly host: Pick<DockerHost, 'id' | 'name' | 'location' | 'fqdn' | 'publicIp' | 'tlsPort' | 'tags' | 'legacy'> & { readonly engineAccess?: DockerHost['engineAccess'] };
    /** The host's local folder (hostDir) with the client material in use now. */
    readonly hostDir: string;
    readonly engineTimeoutMs: number;
    /** Docker contexts made for the host in this config folder get the new files too. */
    readonly dockerConfigDir?: string;
    readonly signal?: AbortSignal;
    readonly onStep?: (step: RotateStep) => void;
}

export type RotateOutcome =
    | { ok: true; contextsUpdated: string[] }
    /** `message` says what failed and whether the old certificates still work. */
    | { ok: false; error: unknown; oldCertificatesWork: boolean; message: string; pendingDir?: string };

/**
 * New CA, server and client certificates for an existing host, pushed through the same setup
 * extension. The new client files replace the old ones only once the engine has answered with the
 * new client certificate; until then the old files stay in place. Throws (before changing
 * anything) only when rotation cannot start; every later failure is an outcome.
 */
export async function rotateCertificates(options: RotateOptions): Promise<RotateOutcome> {
    const { deps, host, hostDir } = options;
    const step = (s: RotateStep) => {
        try {
            options.onStep?.(s);
        } catch {
            // Progress only.
        }
    };
    if (host.legacy) {
        throw actionRefused(`${host.name} was set up by the retired Docker VM extension, so this extension holds no certificates for it.`, 'Use "Enable Docker on Existing VM" after removing the old DockerExtension from the VM.');
    }
    if (host.engineAccess === 'ssh') {
        throw actionRefused(`The engine of ${host.name} is reached over SSH only, so it has no TLS certificates to rotate.`, 'To use TLS, run Switch Engine Access… on the host. Nothing was changed.');
    }
    const address = engineAddress(host);
    if (!address) {
        throw actionRefused(`${host.name} has no public IP address, so its engine cannot be reached to check new certificates.`, 'Associate a public IP address with the VM\'s network interface, then try again.');
    }
    const old = await readClientMaterial(hostDir).catch((error: unknown) => {
        throw actionRefused(`The current certificates of ${host.name} are missing from ${hostDir} (${(error as Error).message}).`, 'Rotation replaces certificates this machine holds; on the machine that created the host, rotate there.');
    });
    const power = await readPowerState(deps, host.id, options.signal);
    if (power !== 'running') {
        throw actionRefused(`${host.name} is ${power}, and Azure runs VM extensions only on a running VM.`, 'Start the VM, then rotate again.');
    }

    step('certificates');
    const { ca, client: fresh } = await mintHostMaterial(host.name);
    const server = await issueEngineServerCert(ca, host.publicIp ? { fqdn: host.fqdn, publicIp: host.publicIp } : { fqdn: address });
    // Saved before the VM gets them, so they are never only in memory while the engine uses them.
    await stageRotation(hostDir, fresh, server.certPem);
    const endpoint = (tls: ClientMaterial): EngineEndpoint => ({ address, port: host.tlsPort, tls });

    try {
        step('extension');
        await pushSetupExtension(deps, host, buildSetupExtension({ port: host.tlsPort, caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem }), options.signal);
        step('engine');
        await waitForEngine(endpoint(fresh), { overallTimeoutMs: options.engineTimeoutMs, signal: options.signal });
    } catch (error) {
        return recover(options, error, endpoint(old), endpoint(fresh));
    }
    step('saving');
    return { ok: true, contextsUpdated: await promote(options, fresh) };
}

async function promote(options: RotateOptions, fresh: ClientMaterial): Promise<string[]> {
    await promoteRotation(options.hostDir);
    const contexts = await findContextsForHost(options.host.id, options.dockerConfigDir);
    for (const context of contexts) {
        await updateContextTls(context, fresh, options.dockerConfigDir);
    }
    return contexts;
}

/** After a failure: whichever certificates the engine accepts now decide what stays on disk. */
async function recover(options: RotateOptions, error: unknown, old: EngineEndpoint, fresh: EngineEndpoint): Promise<RotateOutcome> {
    const reason = error instanceof Error ? error.message : String(error);
    const accepts = (endpoint: EngineEndpoint) => pingEngine(endpoint, 5000).then(() => true, () => false);
    if (await accepts(old)) {
        await discardRotation(options.hostDir);
        return { ok: false, error, oldCertificatesWork: true, message: `Rotating the certificates of ${options.host.name} failed: ${reason} The old certificates still work and were kept; nothing changed on this machine.` };
    }
    if (await accepts(fresh)) {
        // The VM took the new certificates after all (e.g. the engine came up just after the wait).
        const contextsUpdated = await promote(options, fresh.tls);
        return { ok: true, contextsUpdated };
    }
    const pendingDir = rotationStagingDir(options.hostDir);
    return {
        ok: false,
        error,
        oldCertificatesWork: false,
        pendingDir,
        message: `Rotating the certificates of ${options.host.name} failed: ${reason} The engine accepts neither the old nor the new certificates right now. The old ones are still in ${options.hostDir}; the new ones are kept in ${pendingDir}. Check that the VM is running, then rotate again.`,
    };
}
