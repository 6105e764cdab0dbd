/** What every handler can reach: the state, operations, tokens, latency profile and hooks. */
import type { IncomingHttpHeaders } from 'node:http';
import { AcrTokenService } from './acr';
import type { Identity, TokenInfo } from './entra';
import { TokenStore } from './entra';
import { Faults } from './faults';
import { Operations } from './arm/lro';
import type { ArmOperationKind, LatencyProfile } from './latencyProfile';
import { operationDelayMs } from './latencyProfile';
import { ArmState } from './state';
import type { Json } from './util';

/** What the hooks learn about a VM. */
export interface VmHookInfo {
    id: string;
    name: string;
    subscriptionId: string;
    resourceGroup: string;
    location: string;
    tags: Record<string, string>;
    computerName?: string;
    adminUsername?: string;
    /** osProfile.customData as sent (base64), if any. */
    customData?: string;
    /** osProfile.linuxConfiguration.ssh.publicKeys as sent. */
    sshPublicKeys?: { path: string; keyData: string }[];
    /**
     * Whether the VM's NSGs, as they are at the moment of the call, let the caller (whose address is
     * what GET /emulator/public-ip answers) reach this port from the internet.
     */
    inboundAllowed(port: number, protocol: 'Tcp' | 'Udp'): boolean;
}

export interface PublicIpInfo {
    id: string;
    ipAddress: string;
    fqdn?: string;
    /** The private address of the same NIC ipConfiguration: how VMs of one virtual network reach each other. */
    privateIpAddress?: string;
}

export interface ExtensionHookInfo {
    id: string;
    name: string;
    publisher: string;
    type: string;
    typeHandlerVersion: string;
    settings?: Json;
}

/**
 * Called when a `Microsoft.Azure.Extensions/CustomScript` extension PUT arrives, before its
 * operation can succeed (it runs concurrently with the latency profile's delay). Throwing makes the
 * operation end Failed with `VMExtensionProvisioningError`. What it returns is the script's output,
 * which the extension's instance view reports in its StdOut/StdErr substatuses, as Azure's does.
 */
export type SetupExtensionHook = (
    vm: VmHookInfo, publicIp: PublicIpInfo | undefined, protectedSettings: Json | undefined, extension: ExtensionHookInfo,
) => Promise<ExtensionOutput | void> | ExtensionOutput | void;

/** A CustomScript run's output, as the Linux extension keeps it (the tail of each stream). */
export interface ExtensionOutput { stdout: string; stderr: string }

/** Called on power changes of a VM whose setup hook succeeded; awaited before the operation ends. */
export type VmPowerHook = (vm: VmHookInfo, state: 'stopped' | 'running' | 'deleted') => Promise<void> | void;

/** What the emulator reads the time from: the scheduler's "now". Tests pass a ManualClock. */
export interface EmulatorClock {
    now(): number;
}

export const systemClock: EmulatorClock = { now: () => Date.now() };

export interface Hooks {
    onSetupExtension?: SetupExtensionHook;
    onVmPower?: VmPowerHook;
    /** The caller's public IP changed: the flows it had to VMs are gone, as a new address has none. */
    onCallerIpChange?: (ip: string) => void;
}

/**
 * Latency of every ARM/Entra request before it is handled (reads, and the first response of
 * writes): 0 for `instant`; 150 ms ÷ scale for `azure-typical` (a typical ARM GET round trip,
 * an estimate like the rest of the profile).
 */
export const typicalRequestMs = 150;

export class EmulatorCore {
    readonly state = new ArmState();
    readonly tokens = new TokenStore();
    readonly faults = new Faults();
    readonly acr = new AcrTokenService(this.tokens, () => this.audience);
    readonly ops: Operations;
    origin = '';
    private callerIp = '203.0.113.7';
    /** When true, GET /emulator/public-ip answers 503: a lookup service that is down. */
    publicIpLookupDown = false;
    /** While seeding: every operation completes without the profile's delay. */
    instantOperations = false;
    /** The time auto-shutdown schedules are judged by. */
    clock: EmulatorClock = systemClock;

    /** Where every connection to a VM comes from, and what GET /emulator/public-ip answers. */
    get callerPublicIp(): string {
        return this.callerIp;
    }

    set callerPublicIp(ip: string) {
        const changed = ip !== this.callerIp;
        this.callerIp = ip;
        if (changed) {
            this.hooks.onCallerIpChange?.(ip);
        }
    }

    constructor(readonly identity: Identity, readonly latency: LatencyProfile, readonly hooks: Hooks) {
        this.ops = new Operations(() => this.origin);
    }

    delayMs(kind: ArmOperationKind): number {
        return this.instantOperations ? 0 : operationDelayMs(this.latency, kind);
    }

    requestDelayMs(): number {
        return this.latency.name === 'instant' ? 0 : typicalRequestMs / this.latency.scale;
    }

    /** The resource id the emulator's tokens must be issued for, normalised (see normalizeAudience). */
    get audience(): string {
        return this.origin.toLowerCase();
    }
}

export interface Ctx {
    core: EmulatorCore;
    method: string;
    url: URL;
    params: Record<string, string>;
    body: Json | undefined;
    apiVersion: string;
    caller?: TokenInfo;
    /** The request's headers (names lower-case, as Node gives them). */
    headers: IncomingHttpHeaders;
    /** Set by an `lroFailed` fault: the operation this request starts must fail with it. */
    lroFailure?: { code: string; message: string };
}

/** Case-insensitive query parameter. */
export function query(ctx: Ctx, name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of ctx.url.searchParams) {
        if (k.toLowerCase() === lower) {
            return v;
        }
    }
    return undefined;
}
