import { readHostFirewall } from '../azure/firewall/hostFirewall';
import type { FirewallNsg, PortProtocol } from '../azure/firewall/portRules';
import type { LifecycleDeps } from '../azure/lifecycle/lifecycleDeps';
import type { DockerHost } from '../host/dockerHost';
import type { AzureSession } from './AzureSession';
import { startPublicIpLookup } from './settings';

/** A host's firewall and the user's public IP, read together for the rows that show port states. */
export interface FirewallSnapshot {
    readonly nsgs: readonly FirewallNsg[];
    /** Undefined when the lookup failed: every port then shows as blocked. */
    readonly myIp: string | undefined;
}

/** How long a read is reused: hovering and re-expanding rows must not call Azure each time. */
const maxAgeMs = 60_000;

/**
 * Each host's NSGs and the user's public IP, read once and reused for a minute; the port commands
 * drop a host's entry after they change its rules.
 */
export class HostFirewalls {
    private readonly snapshots = new Map<string, { at: number; value: Promise<FirewallSnapshot> }>();
    private myIp: { at: number; value: Promise<string | undefined> } | undefined;
    /** Set by whoever runs SSH port forwards: true when one carries this host's port, which then shows as forwarded. */
    forwarded: ((hostId: string, port: number, protocol: PortProtocol) => boolean) | undefined;

    constructor(private readonly session: AzureSession) {}

    async deps(host: Pick<DockerHost, 'subscriptionId'>): Promise<LifecycleDeps> {
        return { clients: await this.session.clientsFor(host.subscriptionId), cloud: this.session.cloud };
    }

    /** The user's current public IP (azureDockerHosts.publicIpLookupUrl), or undefined when the lookup fails. */
    currentIp(fresh = false): Promise<string | undefined> {
        if (fresh || !this.myIp || Date.now() - this.myIp.at > maxAgeMs) {
            this.myIp = { at: Date.now(), value: startPublicIpLookup() };
        }
        return this.myIp.value;
    }

    get(host: DockerHost): Promise<FirewallSnapshot> {
        const key = host.id.toLowerCase();
        const cached = this.snapshots.get(key);
        if (cached && Date.now() - cached.at <= maxAgeMs) {
            return cached.value;
        }
        const value = (async () => {
            const [nsgs, myIp] = await Promise.all([readHostFirewall(await this.deps(host), host.id), this.currentIp().catch(() => undefined)]);
            return { nsgs, myIp };
        })();
        value.catch(() => this.snapshots.get(key)?.value === value && this.snapshots.delete(key));
        this.snapshots.set(key, { at: Date.now(), value });
        return value;
    }

    invalidate(hostId: string): void {
        this.snapshots.delete(hostId.toLowerCase());
        this.myIp = undefined;
    }
}
