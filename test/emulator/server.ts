/**
 * The Azure emulator: one HTTPS server on 127.0.0.1 serving Entra ID (token endpoint), the ARM
 * subset the extension uses, and /emulator/* control endpoints. See README.md.
 */
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ArmError, armErrors } from './arm/errors';
import { createArmRouter } from './arm/index';
import type { Router } from './arm/router';
import { authenticate } from './armAuth';
import type { RequestLogEntry } from './control';
import { handleControl } from './control';
import type { Ctx, EmulatorClock, Hooks, SetupExtensionHook, VmPowerHook } from './core';
import { EmulatorCore, query } from './core';
import type { PemPair } from '../../src/tls/certificates';
import { issueServerCert } from '../../src/tls/certificates';
import type { AcrTokenService } from './acr';
import type { TokenStore } from './entra';
import { openIdConfiguration, tokenEndpoint } from './entra';
import { faultActions, type FaultAction, type Faults } from './faults';
import { armHeaders, header, readBody, send } from './http';
import type { Reply } from './http';
import type { LatencyProfile } from './latencyProfile';
import type { Operations } from './arm/lro';
import type { Seed } from './seed';
import { applySeed, defaultSeed, defaultTenantId } from './seed';
import type { ArmState, InventoryItem } from './state';
import type { EmulatorTls } from './tlsMaterial';
import { disposeTls, prepareTls } from './tlsMaterial';
import { runDueSchedules } from './shutdownScheduler';
import type { Json } from './util';
import { guid, randomToken, sleep } from './util';

export type { RequestLogEntry } from './control';
export type { ExtensionHookInfo, ExtensionOutput, Hooks, PublicIpInfo, SetupExtensionHook, VmHookInfo, VmPowerHook } from './core';
export type { FaultAction, FaultHandle, FaultMatch, FaultSpec } from './faults';
export type { Seed } from './seed';

export interface StartOptions {
    /** What exists at start. Default: one empty subscription (`defaultSeed`). */
    seed?: Seed;
    /** Default `{ name: 'instant' }`. */
    latency?: LatencyProfile;
    /** Default 0: any free port. */
    port?: number;
    /** Where the CA (ca.pem, ca-key.pem) lives and is reused. Default: a temporary folder removed on stop. */
    stateDir?: string;
    /** Called for a Microsoft.Azure.Extensions/CustomScript PUT; see core.ts. */
    onSetupExtension?: SetupExtensionHook;
    /** Called on power changes of VMs whose setup hook succeeded. */
    onVmPower?: VmPowerHook;
    /** Called when a test gives the caller another public IP. */
    onCallerIpChange?: (ip: string) => void;
    /** What GET /emulator/public-ip answers. Default 203.0.113.7. */
    callerPublicIp?: string;
    /** Lifetime of issued access tokens. Default 3599 s. */
    tokenLifetimeSeconds?: number;
    /** What auto-shutdown schedules are judged by. Default the system clock; tests pass a ManualClock. */
    clock?: EmulatorClock;
}

export interface Emulator {
    /** https://127.0.0.1:PORT — the authority host, the ARM endpoint and the token audience. */
    readonly url: string;
    /** The emulator CA's PEM file: put it in NODE_EXTRA_CA_CERTS. */
    readonly caPath: string;
    readonly caPem: string;
    readonly tenantId: string;
    readonly clientId: string;
    /** A throwaway secret, valid only for this emulator. */
    readonly clientSecret: string;
    readonly latency: LatencyProfile;
    /** AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_AUTHORITY_HOST, NODE_EXTRA_CA_CERTS, NO_PROXY. */
    env(): Record<string, string>;
    /** VS Code settings that point the extension at this emulator as a custom cloud. */
    vscodeSettings(): Record<string, unknown>;
    readonly faults: Faults;
    inventory(): InventoryItem[];
    readonly requestLog: RequestLogEntry[];
    readonly state: ArmState;
    readonly operations: Operations;
    readonly tokens: TokenStore;
    /** Azure Container Registry's token service (/oauth2/exchange, /oauth2/token); see containerRegistries.ts. */
    readonly acr: AcrTokenService;
    /** A server certificate from the emulator's CA, for a registry it fronts on loopback. */
    issueServerCert(ipAddresses: string[]): Promise<PemPair>;
    /**
     * The caller's public address: what GET /emulator/public-ip answers and where every connection
     * to a VM's public address comes from for its NSG. Setting it simulates a user whose IP changed.
     */
    callerPublicIp: string;
    /** While true, the public-IP lookup answers 503. */
    publicIpLookupDown: boolean;
    /** Resolves when every long-running operation started so far has ended. */
    settle(): Promise<void>;
    /**
     * Deallocates every VM whose auto-shutdown time passed since its schedule was last looked at
     * (the emulator also looks every second); answers the ids of the VMs it powered off.
     */
    runDueSchedules(): Promise<string[]>;
    stop(): Promise<void>;
}

const entraPaths = {
    openid: /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/i,
    token: /^\/([^/]+)\/oauth2\/v2\.0\/token$/i,
    keys: /^\/([^/]+)\/discovery\/v2\.0\/keys$/i,
};

export async function startEmulator(opts: StartOptions = {}): Promise<Emulator> {
    const seed = opts.seed ?? defaultSeed;
    const identity = {
        tenantId: seed.tenantId ?? defaultTenantId,
        clientId: seed.clientId ?? guid(),
        clientSecret: seed.clientSecret ?? `emu~${randomToken(24)}`,
    };
    const hooks: Hooks = { onSetupExtension: opts.onSetupExtension, onVmPower: opts.onVmPower, onCallerIpChange: opts.onCallerIpChange };
    const latency = opts.latency ?? { name: 'instant' };
    const core = new EmulatorCore(identity, latency, hooks);
    if (opts.callerPublicIp) {
        core.callerPublicIp = opts.callerPublicIp;
    }
    if (opts.clock) {
        core.clock = opts.clock;
    }
    if (opts.tokenLifetimeSeconds !== undefined) {
        core.tokens.lifetimeSeconds = opts.tokenLifetimeSeconds;
    }
    const router = createArmRouter();
    await applySeed(core, router, seed);
    const tls = await prepareTls(opts.stateDir);
    const requestLog: RequestLogEntry[] = [];
    const sockets = new Set<Socket>();
    const server = https.createServer({ cert: tls.server.certPem, key: tls.server.keyPem }, (req, res) => {
        void handle(core, router, requestLog, req, res);
    });
    server.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });
    server.on('tlsClientError', () => { /* e.g. a client that does not trust the CA: its problem */ });
    await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    core.origin = `https://127.0.0.1:${port}`;
    const scheduler = setInterval(() => void runDueSchedules(core).catch(() => { /* the VM's hook failed: tried again next time it is due */ }), 1000);
    scheduler.unref();
    return makeEmulator(core, tls, requestLog, async () => {
        clearInterval(scheduler);
        core.ops.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) {
            s.destroy();
        }
        await closed;
        await disposeTls(tls);
    });
}

function makeEmulator(core: EmulatorCore, tls: EmulatorTls, requestLog: RequestLogEntry[], stop: () => Promise<void>): Emulator {
    const url = core.origin;
    let stopped: Promise<void> | undefined;
    return {
        url,
        caPath: tls.caPath,
        caPem: tls.ca.certPem,
        tenantId: core.identity.tenantId,
        clientId: core.identity.clientId,
        clientSecret: core.identity.clientSecret,
        latency: core.latency,
        env: () => {
            const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1', 'localhost']
                .filter((s): s is string => !!s).join(',');
            return {
                AZURE_TENANT_ID: core.identity.tenantId,
                AZURE_CLIENT_ID: core.identity.clientId,
                AZURE_CLIENT_SECRET: core.identity.clientSecret,
                AZURE_AUTHORITY_HOST: url,
                NODE_EXTRA_CA_CERTS: tls.caPath,
                NO_PROXY: noProxy,
                no_proxy: noProxy,
            };
        },
        vscodeSettings: () => ({
            'microsoft-sovereign-cloud.environment': 'custom',
            'microsoft-sovereign-cloud.customEnvironment': {
                name: 'AzureDockerHostsEmulator',
                portalUrl: `${url}/emulator/portal`,
                managementEndpointUrl: `${url}/`,
                resourceManagerEndpointUrl: `${url}/`,
                activeDirectoryEndpointUrl: `${url}/`,
                activeDirectoryResourceId: `${url}/`,
                validateAuthority: false,
            },
            'azureDockerHosts.authentication': 'environment',
            'azureDockerHosts.publicIpLookupUrl': `${url}/emulator/public-ip`,
        }),
        faults: core.faults,
        inventory: () => core.state.inventory(),
        requestLog,
        state: core.state,
        operations: core.ops,
        tokens: core.tokens,
        acr: core.acr,
        issueServerCert: (ipAddresses) => issueServerCert(tls.ca, { commonName: ipAddresses[0] ?? 'localhost', dnsNames: ['localhost'], ipAddresses }),
        get callerPublicIp() { return core.callerPublicIp; },
        set callerPublicIp(ip: string) { core.callerPublicIp = ip; },
        get publicIpLookupDown() { return core.publicIpLookupDown; },
        set publicIpLookupDown(down: boolean) { core.publicIpLookupDown = down; },
        settle: () => core.ops.settle(),
        runDueSchedules: () => runDueSchedules(core),
        stop: () => (stopped ??= stop()),
    };
}

async function handle(core: EmulatorCore, router: Router, log: RequestLogEntry[], req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // The SDK's by-id calls put the id's own slash after the template's (`//subscriptions/…`); ARM takes it as one.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), core.origin || 'https://127.0.0.1');
    const entry: RequestLogEntry = { method, path: url.pathname, query: url.search, status: 0, at: new Date() };
    log.push(entry);
    res.on('finish', () => {
        entry.status = res.statusCode;
        entry.answeredAt = new Date();
    });
    const write = method !== 'GET' && method !== 'HEAD';
    try {
        if (url.pathname.toLowerCase().startsWith('/emulator/')) {
            send(res, handleControl(core, method, url, await readBody(req), log));
            return;
        }
        const fault = core.faults.match(method, url.pathname);
        let lroFailure: Ctx['lroFailure'];
        let holdAnswerMs = 0;
        if (fault) {
            entry.fault = faultName(fault);
            if ('hang' in fault) {
                return; // the socket is destroyed on stop
            }
            if ('reset' in fault) {
                if (fault.reset === 'before-response') {
                    req.socket.destroy();
                    return;
                }
                res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
                res.write('{"value":[');
                setTimeout(() => req.socket.destroy(), 5);
                return;
            }
            if ('delayMs' in fault) {
                await sleep(fault.delayMs);
            } else if ('holdAnswerMs' in fault) {
                holdAnswerMs = fault.holdAnswerMs;
            } else if ('lroFailed' in fault) {
                lroFailure = fault.lroFailed;
            } else if (!('dropAfterWrite' in fault)) {
                throw faultError(core, fault, method, url.pathname);
            }
        }
        const delay = core.requestDelayMs();
        if (delay > 0) {
            await sleep(delay);
        }
        const raw = await readBody(req);
        const acr = await core.acr.handle(method, url, new URLSearchParams(raw.toString('utf8')), header(req, 'authorization'));
        if (acr) {
            send(res, acr);
            return;
        }
        const entra = handleEntra(core, method, url, raw, header(req, 'authorization'));
        if (entra) {
            send(res, entra);
            return;
        }
        const reply = await handleArm(core, router, req, method, url, raw, lroFailure);
        if (fault && 'dropAfterWrite' in fault) {
            if (fault.dropAfterWrite === 'before-response') {
                req.socket.destroy();
                return;
            }
            // The write is done; the client gets the status line and a cut-off body.
            res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
            res.write('{"id":');
            setTimeout(() => req.socket.destroy(), 5);
            return;
        }
        if (holdAnswerMs > 0) {
            await sleep(holdAnswerMs);
        }
        send(res, { ...reply, headers: { ...armHeaders(req, write), ...reply.headers } });
    } catch (e) {
        const err = e instanceof ArmError ? e : internalError(e);
        if (!res.headersSent) {
            send(res, { status: err.status, headers: { ...armHeaders(req, write), ...err.headers }, body: err.body() });
        }
    }
}

function handleEntra(core: EmulatorCore, method: string, url: URL, raw: Buffer, authorization?: string): Reply | undefined {
    let m = entraPaths.openid.exec(url.pathname);
    if (m && method === 'GET') {
        return openIdConfiguration(core.origin, m[1]);
    }
    m = entraPaths.token.exec(url.pathname);
    if (m && method === 'POST') {
        return tokenEndpoint(core.identity, core.tokens, m[1], new URLSearchParams(raw.toString('utf8')), authorization);
    }
    m = entraPaths.keys.exec(url.pathname);
    if (m && method === 'GET') {
        return { status: 200, body: { keys: [] } };
    }
    return undefined;
}

async function handleArm(
    core: EmulatorCore, router: Router, req: IncomingMessage, method: string, url: URL, raw: Buffer, lroFailure: Ctx['lroFailure'],
): Promise<Reply> {
    const match = router.match(method, url.pathname);
    if (match.kind !== 'found') {
        throw armErrors.notImplemented(method, url.pathname);
    }
    const caller = authenticate(core, header(req, 'authorization'));
    const ctx: Ctx = { core, method, url, params: match.params, body: undefined, apiVersion: '', caller, headers: req.headers, lroFailure };
    const apiVersion = query(ctx, 'api-version');
    if (!apiVersion) {
        throw armErrors.missingApiVersion();
    }
    ctx.apiVersion = apiVersion;
    if (raw.length > 0) {
        try {
            ctx.body = JSON.parse(raw.toString('utf8')) as Json;
        } catch (e) {
            throw armErrors.invalidRequestContent(`The request content was invalid and could not be deserialized: '${e instanceof Error ? e.message : String(e)}'.`);
        }
    }
    return match.handler(ctx);
}

function faultName(fault: FaultAction): string {
    return faultActions.filter((k) => k in fault).join(',');
}

function faultError(core: EmulatorCore, fault: FaultAction, method: string, path: string): ArmError {
    if ('armError' in fault) {
        const e = fault.armError;
        return new ArmError(e.status, e.code, e.message, e.target);
    }
    if (!('status' in fault)) {
        return internalError(new Error('unknown fault'));
    }
    const headers: Record<string, string> = {};
    if (fault.retryAfterMs !== undefined) {
        headers['retry-after-ms'] = String(fault.retryAfterMs);
        headers['Retry-After'] = String(Math.floor(fault.retryAfterMs / 1000));
    }
    const defaults: Record<number, [string, string]> = {
        429: ['TooManyRequests', 'The request is being throttled as the limit has been reached for operation type. For more information, see https://aka.ms/ARMThrottling.'],
        403: ['AuthorizationFailed', `The client '${core.identity.clientId}' with object id '${core.identity.clientId}' does not have authorization to perform action '${method} ${path}' over scope '${path}' or the scope is invalid. If access was recently granted, please refresh your credentials.`],
        500: ['InternalServerError', 'Encountered internal server error. Diagnostic information: timestamp, subscription id, tracking id, request correlation id.'],
        503: ['ServiceUnavailable', 'The service is temporarily unavailable. Please retry later.'],
    };
    const [code, message] = defaults[fault.status] ?? ['EmulatorFault', `Injected fault: HTTP ${fault.status}.`];
    return new ArmError(fault.status, fault.code ?? code, fault.message ?? message, undefined, undefined, headers);
}

function internalError(e: unknown): ArmError {
    console.error('[emulator] internal error:', e);
    return new ArmError(500, 'InternalServerError', `The emulator failed: ${e instanceof Error ? e.message : String(e)}`);
}
