// The rules behind Run Image's quick picks, and the create body they produce.
import { isIP } from 'node:net';
import type Dockerode from 'dockerode';

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortMapping {
    readonly containerPort: number;
    readonly protocol: PortProtocol;
    /** Undefined: the engine picks a free host port. */
    readonly hostPort?: number;
    readonly hostIp?: string;
}

export interface RunImageOptions {
    readonly image: string;
    readonly name?: string;
    readonly ports?: readonly PortMapping[];
    /** KEY=value entries. */
    readonly env?: readonly string[];
    readonly cmd?: readonly string[];
    readonly labels?: Readonly<Record<string, string>>;
    /** Default: the engine's default network. 'none' works on an engine without a bridge. */
    readonly networkMode?: string;
    /** `source:target[:mode]` volumes, as `docker run -v` takes them (a path source is on the engine's machine). */
    readonly volumes?: readonly string[];
}

const containerNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The engine's own rule for names; undefined when valid. */
export function validateContainerName(name: string): string | undefined {
    if (!name) {
        return undefined; // the engine makes one up
    }
    return containerNamePattern.test(name) ? undefined : 'A container name has at least 2 characters: letters, digits, _ . or -, starting with a letter or a digit.';
}

function portNumber(text: string): number | undefined {
    if (!/^\d{1,5}$/.test(text)) {
        return undefined;
    }
    const n = Number(text);
    return n >= 1 && n <= 65535 ? n : undefined;
}

/** Parses "80", "8080:80", "8080:80/udp" or "127.0.0.1:8080:80" (host side first, as in docker run -p). */
export function parsePortMapping(text: string): PortMapping {
    const trimmed = text.trim();
    const [spec, protocolText = 'tcp', ...extra] = trimmed.split('/');
    const protocol = protocolText.toLowerCase();
    if (extra.length || (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp')) {
        throw new Error(`"${trimmed}": the protocol must be tcp, udp or sctp.`);
    }
    const parts = spec.split(':');
    if (parts.length > 3 || !spec) {
        throw new Error(`"${trimmed}" is not a port mapping: use CONTAINER, HOST:CONTAINER or IP:HOST:CONTAINER, e.g. 8080:80.`);
    }
    const containerPort = portNumber(parts[parts.length - 1]);
    if (containerPort === undefined) {
        throw new Error(`"${parts[parts.length - 1]}" is not a port: use a number from 1 to 65535.`);
    }
    let hostPort: number | undefined;
    if (parts.length >= 2 && parts[parts.length - 2] !== '') {
        hostPort = portNumber(parts[parts.length - 2]);
        if (hostPort === undefined) {
            throw new Error(`"${parts[parts.length - 2]}" is not a host port: use a number from 1 to 65535.`);
        }
    }
    const hostIp = parts.length === 3 ? parts[0] : undefined;
    if (hostIp !== undefined && !isIP(hostIp)) {
        throw new Error(`"${hostIp}" is not an IP address to publish on.`);
    }
    return { containerPort, protocol, hostPort, hostIp };
}

/** For a quick pick's validateInput: undefined when valid. */
export function validatePortMapping(text: string): string | undefined {
    try {
        parsePortMapping(text);
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

/** For a quick pick's validateInput: a KEY=value entry. */
export function validateEnvEntry(text: string): string | undefined {
    const eq = text.indexOf('=');
    if (eq <= 0) {
        return 'Use NAME=value (the value may be empty).';
    }
    return /\s/.test(text.slice(0, eq)) ? 'A variable name has no spaces.' : undefined;
}

/** The body of POST /containers/create for Run Image. */
export function containerCreateBody(options: RunImageOptions): Dockerode.ContainerCreateOptions {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, { HostPort: string; HostIp?: string }[]> = {};
    for (const port of options.ports ?? []) {
        const key = `${port.containerPort}/${port.protocol}`;
        exposed[key] = {};
        (bindings[key] ??= []).push({ HostPort: port.hostPort ? String(port.hostPort) : '', ...(port.hostIp ? { HostIp: port.hostIp } : {}) });
    }
    const body: Dockerode.ContainerCreateOptions = {
        Image: options.image,
        HostConfig: {},
    };
    if (options.name) {
        body.name = options.name;
    }
    if (options.env?.length) {
        body.Env = [...options.env];
    }
    if (options.cmd?.length) {
        body.Cmd = [...options.cmd];
    }
    if (options.labels) {
        body.Labels = { ...options.labels };
    }
    if (options.ports?.length) {
        body.ExposedPorts = exposed;
        body.HostConfig!.PortBindings = bindings;
    }
    if (options.networkMode) {
        body.HostConfig!.NetworkMode = options.networkMode;
    }
    if (options.volumes?.length) {
        body.HostConfig!.Binds = [...options.volumes];
    }
    return body;
}
