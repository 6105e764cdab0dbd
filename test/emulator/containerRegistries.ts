/**
 * Real registries on loopback: Debian's docker-registry (the CNCF distribution registry 2.8), with
 * TLS from the emulator's CA.
 * - `startAcr`: an Azure Container Registry. Token authentication against the emulator (realm =
 *   its /oauth2/token, tokens signed with the key in its rootcertbundle, see acr.ts), and the
 *   Microsoft.ContainerRegistry/registries resource in ARM. The emulator's service principal is
 *   Owner of it unless `roles` says otherwise.
 * - `startBasicAuthRegistry`: any other registry, with a bcrypt htpasswd file (htpasswd -B).
 * Only the processes started here are ever signalled, by pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { freePort } from '../harness/dockerd';
import type { AcrRegistry, AcrRole } from './acr';
import { acrIssuer } from './acr';
import type { Emulator } from './server';
import { resourceId, types } from './state';
import { randomToken } from './util';

export interface RunningRegistry {
    /** host:port, the registry part of image names. */
    readonly loginServer: string;
    readonly pid: number;
    /** The registry's recent output. */
    logs(): string;
    stop(): Promise<void>;
}

export interface AcrOptions {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
    location?: string;
    /** Role assignments by principal id (client id). Default: the emulator's client is Owner. */
    roles?: Record<string, AcrRole[]>;
    /** Default true, as on a new registry. */
    armTokensAccepted?: boolean;
}

export interface EmulatedAcr extends RunningRegistry {
    readonly id: string;
    readonly registry: AcrRegistry;
}

export async function startAcr(emu: Emulator, opts: AcrOptions): Promise<EmulatedAcr> {
    const port = await freePort('127.0.0.1');
    const loginServer = `127.0.0.1:${port}`;
    const dir = fs.mkdtempSync('/tmp/adh-acr-');
    const bundle = path.join(dir, 'token-signer.pem');
    fs.writeFileSync(bundle, await emu.acr.signingCertificate());
    const running = await startDistribution(emu, dir, port, {
        token: { realm: `${emu.url}/oauth2/token`, service: loginServer, issuer: acrIssuer, rootcertbundle: bundle },
    });
    const id = resourceId(opts.subscriptionId, opts.resourceGroup, types.registry, opts.name);
    const assigned: Record<string, AcrRole[]> = opts.roles ?? { [emu.clientId]: ['Owner'] };
    const roles = new Map(Object.entries(assigned).map(([p, r]) => [p, new Set(r)]));
    const registry: AcrRegistry = { id, loginServer, roles, armTokensAccepted: opts.armTokensAccepted ?? true };
    emu.acr.add(registry);
    addRegistryResource(emu, opts, loginServer);
    return {
        ...running, id, registry,
        stop: async () => {
            emu.acr.remove(loginServer);
            emu.state.remove(id);
            await running.stop();
        },
    };
}

export async function startBasicAuthRegistry(emu: Emulator, users: Record<string, string>): Promise<RunningRegistry> {
    const port = await freePort('127.0.0.1');
    const dir = fs.mkdtempSync('/tmp/adh-registry-');
    const htpasswd = path.join(dir, 'htpasswd');
    fs.writeFileSync(htpasswd, '', { mode: 0o600 });
    for (const [user, password] of Object.entries(users)) {
        // -i: the password comes on stdin, never on a command line.
        const r = spawnSync('htpasswd', ['-iB', htpasswd, user], { input: password, encoding: 'utf8' });
        if (r.status !== 0) {
            throw new Error(`htpasswd failed (is apache2-utils installed? scripts/ensure-deps.sh): ${r.stderr || r.error?.message}`);
        }
    }
    return startDistribution(emu, dir, port, { htpasswd: { realm: 'basic-realm', path: htpasswd } });
}

/** The registry's ARM resource alone (no registry process behind it), as ACR's ARM API shows it. */
export function addRegistryResource(emu: Emulator, opts: Omit<AcrOptions, 'roles'>, loginServer: string): string {
    const id = resourceId(opts.subscriptionId, opts.resourceGroup, types.registry, opts.name);
    const location = opts.location ?? 'eastus';
    if (!emu.state.resourceGroup(opts.subscriptionId, opts.resourceGroup)) {
        emu.state.putResourceGroup({
            id: `/subscriptions/${opts.subscriptionId}/resourceGroups/${opts.resourceGroup}`, name: opts.resourceGroup,
            subscriptionId: opts.subscriptionId, location, tags: {}, provisioningState: 'Succeeded',
        });
    }
    const created = new Date();
    emu.state.put({
        id, name: opts.name, type: types.registry, subscriptionId: opts.subscriptionId, resourceGroup: opts.resourceGroup,
        location, tags: {}, etag: '', createdAt: created, sku: { name: 'Basic', tier: 'Basic' },
        properties: {
            loginServer,
            creationDate: created.toISOString(),
            provisioningState: 'Succeeded',
            adminUserEnabled: false,
            networkRuleSet: { defaultAction: 'Allow', ipRules: [] },
            policies: {
                quarantinePolicy: { status: 'disabled' },
                trustPolicy: { type: 'Notary', status: 'disabled' },
                retentionPolicy: { days: 7, lastUpdatedTime: created.toISOString(), status: 'disabled' },
                exportPolicy: { status: 'enabled' },
                azureADAuthenticationAsArmPolicy: { status: opts.armTokensAccepted === false ? 'disabled' : 'enabled' },
            },
            encryption: { status: 'disabled' },
            status: null,
            dataEndpointEnabled: false,
            dataEndpointHostNames: [],
            privateEndpointConnections: [],
            publicNetworkAccess: 'Enabled',
            networkRuleBypassOptions: 'AzureServices',
            networkRuleBypassAllowedForTasks: false,
            zoneRedundancy: 'Disabled',
            anonymousPullEnabled: false,
            roleAssignmentMode: 'LegacyRegistryPermissions',
        },
    });
    return id;
}

async function startDistribution(emu: Emulator, dir: string, port: number, auth: object): Promise<RunningRegistry> {
    const tls = await emu.issueServerCert(['127.0.0.1']);
    fs.writeFileSync(path.join(dir, 'cert.pem'), tls.certPem);
    fs.writeFileSync(path.join(dir, 'key.pem'), tls.keyPem, { mode: 0o600 });
    fs.mkdirSync(path.join(dir, 'data'));
    // JSON is YAML: the registry reads it as its config.yml.
    const config = {
        version: 0.1,
        log: { level: 'error', accesslog: { disabled: true } },
        storage: { filesystem: { rootdirectory: path.join(dir, 'data') }, delete: { enabled: true }, cache: { blobdescriptor: 'inmemory' } },
        http: { addr: `127.0.0.1:${port}`, secret: randomToken(16), tls: { certificate: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') } },
        auth,
    };
    fs.writeFileSync(path.join(dir, 'config.yml'), JSON.stringify(config, null, 2));
    const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-50_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const loginServer = `127.0.0.1:${port}`;
    const stop = async (): Promise<void> => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
        }
        fs.rmSync(dir, { recursive: true, force: true });
    };
    try {
        await waitForRegistry(child, loginServer, emu.caPem, () => output);
    } catch (e) {
        await stop();
        throw e;
    }
    return { loginServer, pid: child.pid!, logs: () => output, stop };
}

/** Until GET /v2/ answers (401 with a challenge counts: the registry is up). */
async function waitForRegistry(child: ChildProcess, loginServer: string, ca: string, logs: () => string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) {
            throw new Error(`docker-registry exited (${child.exitCode}) (is docker-registry installed? scripts/ensure-deps.sh):\n${logs()}`);
        }
        const status = await new Promise<number>((resolve) => {
            const req = https.get(`https://${loginServer}/v2/`, { ca }, (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
            });
            req.on('error', () => resolve(0));
        });
        if (status === 200 || status === 401) {
            return;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`docker-registry did not answer on ${loginServer}:\n${logs()}`);
}
