/** Tags on every resource the extension creates (docs/design.md, "Identity"). Tests, docs and discovery depend on them. */
export const managedTag = 'azure-docker-hosts:managed';
export const provisioningTag = 'azure-docker-hosts:provisioning';
/** On the VM only; its value `tls:<port>` is what marks a VM as a Docker host. */
export const dockerTag = 'azure-docker-hosts:docker';

/** On a swarm's resource group and VMs: the swarm's name. */
export const swarmTag = 'azure-docker-hosts:swarm';

export const defaultDockerTlsPort = 2376;

/** The TLS port a `tls:<port>` tag names, or undefined when the value is not one. */
export function parseDockerTag(value: string | undefined): number | undefined {
    const match = /^tls:(\d{1,5})$/.exec(value?.trim() ?? '');
    const port = match ? Number(match[1]) : NaN;
    return port >= 1 && port <= 65535 ? port : undefined;
}

export function dockerTagValue(port: number): string {
    return `tls:${port}`;
}
