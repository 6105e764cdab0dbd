import { engineAddress, type DockerHost } from '../host/dockerHost';
import type { Log } from '../host/log';
import { hostDir } from '../host/hostFiles';
import { EngineClient } from './engineClient';
import type { EngineErrorDescription } from './describeEngineError';
import { watchEngineEvents, type ChangeReason, type EngineEventsWatcher, type EventsStatus } from './events';
import { MissingMaterialError, readHostMaterial } from '../tls/hostMaterial';
import { SharedSshConnection } from '../ssh/sharedSshConnection';
import type { SshTarget } from '../ssh/sshConnection';

/** Who an SSH-only host's engine is reached as (the extension resolves it through ARM: the user and the pinned host keys). */
export type SshTargetOf = (host: DockerHost, dir: string) => Promise<SshTarget>;

export type EngineStatus =
    | { readonly state: 'unknown' }
    | { readonly state: 'connected'; readonly version: string }
    | { readonly state: 'unreachable'; readonly error: EngineErrorDescription };

/**
 * One host's engine: its client (made once, from the host's saved TLS material, or for an SSH-only
 * host over its one SSH connection), its status, and its event stream while the host is expanded
 * and visible. Lives across tree refreshes.
 */
export class HostEngine {
    status: EngineStatus = { state: 'unknown' };
    /** Told when the status changed, so the refresh manager can start or stop the event stream. */
    onStatusChange: (() => void) | undefined;
    private client: EngineClient | undefined;
    private watcher: EngineEventsWatcher | undefined;

    constructor(public host: DockerHost, public readonly certDir: string, private readonly timeoutMs: () => number, private readonly log?: Log, private readonly sshTargetOf?: SshTargetOf) {}

    async getClient(): Promise<EngineClient> {
        if (this.client) {
            this.client.timeoutMs = this.timeoutMs();
            return this.client;
        }
        const address = engineAddress(this.host);
        if (!address) {
            throw new Error(`${this.host.name} has no public IP address or DNS name, so its engine cannot be reached.`);
        }
        const options = { timeoutMs: this.timeoutMs(), powerState: () => this.host.powerState, log: this.log };
        if (this.host.engineAccess === 'ssh') {
            if (!this.sshTargetOf) {
                throw new Error(`The engine of ${this.host.name} is reached only over SSH, which this window cannot open.`);
            }
            const target = await this.sshTargetOf(this.host, this.certDir);
            this.client ??= new EngineClient({ address, port: target.port ?? 22, ssh: new SharedSshConnection(target) }, options);
            return this.client;
        }
        const tls = await readHostMaterial(this.certDir, this.host.name);
        this.client ??= new EngineClient({ address, port: this.host.tlsPort, tls }, options);
        return this.client;
    }

    /**
     * What went wrong, for a row or a message: the client's description of the error, or, when no
     * client could be made (no address, no certificate here), the error's own.
     */
    async describe(error: unknown): Promise<EngineErrorDescription> {
        if (error instanceof MissingMaterialError) {
            return { kind: 'other', ...error.description, unreachable: true };
        }
        const client = await this.getClient().catch(() => undefined);
        return client ? client.describe(error) : { kind: 'other', cause: error instanceof Error ? error.message : String(error), fix: '', unreachable: true };
    }

    /** The cause and its fix in one sentence pair, for an error message. */
    async explain(error: unknown): Promise<string> {
        const described = await this.describe(error);
        return `${described.cause}${described.fix ? ` ${described.fix}` : ''}`;
    }

    setStatus(status: EngineStatus): void {
        this.status = status;
        this.onStatusChange?.();
    }

    get watching(): boolean {
        return this.watcher !== undefined;
    }

    /** Starts the event stream (once); changes and status arrive through the callbacks. */
    async watch(onChange: (reason: ChangeReason) => void, onStatus: (status: EventsStatus) => void): Promise<void> {
        if (this.watcher) {
            return;
        }
        const client = await this.getClient();
        this.watcher ??= watchEngineEvents(client, { onChange, onStatus });
    }

    unwatch(): void {
        this.watcher?.dispose();
        this.watcher = undefined;
    }

    reconnectNow(): void {
        this.watcher?.reconnectNow();
    }

    dispose(): void {
        this.unwatch();
        this.client?.dispose();
        this.client = undefined;
    }
}

/** HostEngine per host id, so tree items that are re-created on refresh share one client and one stream. */
export class HostEngines {
    private readonly engines = new Map<string, HostEngine>();

    /** Set by the refresh manager: called whenever any host's engine status changes. */
    onStatusChange: (() => void) | undefined;

    /** `log` gets a trace line per engine request and an error line per failed call. */
    constructor(private readonly storageRoot: () => string, private readonly timeoutMs: () => number, private readonly log?: Log, private readonly sshTargetOf?: SshTargetOf) {}

    forHost(host: DockerHost): HostEngine {
        const key = host.id.toLowerCase();
        let engine = this.engines.get(key);
        const moved = engine && (engineAddress(engine.host) !== engineAddress(host) || engine.host.tlsPort !== host.tlsPort || engine.host.engineAccess !== host.engineAccess);
        if (!engine || moved) {
            engine?.dispose();
            engine = new HostEngine(host, hostDir(this.storageRoot(), host), this.timeoutMs, this.log, this.sshTargetOf);
            engine.onStatusChange = () => this.onStatusChange?.();
            this.engines.set(key, engine);
        }
        engine.host = host;
        return engine;
    }

    /** Forgets a host's client (after its certificates changed or it was deleted). */
    reset(hostId: string): void {
        this.engines.get(hostId.toLowerCase())?.dispose();
        this.engines.delete(hostId.toLowerCase());
    }

    all(): HostEngine[] {
        return [...this.engines.values()];
    }

    dispose(): void {
        for (const engine of this.engines.values()) {
            engine.dispose();
        }
        this.engines.clear();
    }
}
