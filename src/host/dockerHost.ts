import type { PowerState } from './powerState';

/** A VM that runs a Docker engine reachable over TLS: what one row of the hosts tree shows. */
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

export function dockerEndpoint(host: DockerHost): string | undefined {
    const address = engineAddress(host);
    return address ? `tcp://${address}:${host.tlsPort}` : undefined;
}
