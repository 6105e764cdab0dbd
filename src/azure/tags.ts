/** Tags on every resource the extension creates (docs/design.md, "Identity"). Tests, docs and discovery depend on them. */
export const managedTag = 'azure-docker-hosts:managed';
export const provisioningTag = 'azure-docker-hosts:provisioning';
/**
 * On the VM only: what marks a VM as a Docker host, and how its engine is reached (so the tree
 * knows it after a reload): `tls:<port>` for TLS on that port, `ssh` for the engine's unix socket
 * over SSH with no Docker port open.
 */
export const dockerTag = 'azure-docker-hosts:docker';

/** On a swarm's resource group and VMs: the swarm's name. */
export const swarmTag = 'azure-docker-hosts:swarm';

export const defaultDockerTlsPort = 2376;

/** How a host's engine is reached, as its docker tag says; undefined when the value is neither form. */
export function parseDockerTag(value: string | undefined): { access: 'tls'; port: number } | { access: 'ssh' } | undefined {
    const text = value?.trim() ?? '';
    if (text === 'ssh') {
        return { access: 'ssh' };
    }
    const match = /^tls:(\d{1,5})$/.exec(text);
    const port = match ? Number(match[1]) : NaN;
    return port >= 1 && port <= 65535 ? { access: 'tls', port } : undefined;
}

export function dockerTagValue(engine: { access: 'tls' | 'ssh'; port: number }): string {
    return engine.access === 'ssh' ? 'ssh' : `tls:${engine.port}`;
}
