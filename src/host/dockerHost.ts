import type { PowerState } from './powerState';

/** A VM that runs a Docker engine reachable over TLS or SSH: what one row of the hosts tree shows. */
export interface DockerHost {
    readonly id: string;
    readonly name: string;
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly location: string;
    readonly size: string;
    readonly image: string;
    readonly powerState: PowerState;
    readonly fqdn?: string;
    readonly publicIp?: string;
    readonly tlsPort: number;
    /** 'ssh': the engine listens only on its unix socket on the VM and is reached over SSH (tlsPort is then unused). */
    readonly engineAccess: 'tls' | 'ssh';
    /** Set up by the retired Microsoft.Azure.Extensions/DockerExtension rather than by this extension. */
    readonly legacy: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** Where the engine is reached: the FQDN when there is one, else the public IP. */
export function hostAddress(host: Pick<DockerHost, 'fqdn' | 'publicIp'>): string | undefined {
    return host.fqdn ?? host.publicIp;
}

/**
 * Where the engine is connected to: the static public IP first. It is in the server certificate, and
 * unlike a new DNS label it answers the moment the VM does.
 */
export function engineAddress(host: Pick<DockerHost, 'fqdn' | 'publicIp'>): string | undefined {
    return host.publicIp ?? host.fqdn;
}

export function dockerEndpoint(host: Pick<DockerHost, 'fqdn' | 'publicIp' | 'tlsPort'>): string | undefined {
    const address = engineAddress(host);
    return address ? `tcp://${address}:${host.tlsPort}` : undefined;
}

/** What a docker CLI context made for the host records: its engine endpoint, a description, and the VM (so deleting the host finds it). */
export function cliContextTarget(host: DockerHost): { readonly host: string; readonly description: string; readonly vmId: string } {
    const endpoint = dockerEndpoint(host);
    if (!endpoint) {
        throw new Error(`${host.name} has no public IP address or DNS name, so a docker context could not reach it. Associate a public IP address with the VM, then try again.`);
    }
    return { host: endpoint, description: `Azure Docker host ${host.name} (${host.resourceGroup}, ${host.location})`, vmId: host.id };
}
