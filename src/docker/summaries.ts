// What the lists return: plain objects in the core's own shape, so the tree never sees dockerode's.
import type Dockerode from 'dockerode';

export type ContainerState = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
export type ContainerHealth = 'healthy' | 'unhealthy' | 'starting';

export const composeProjectLabel = 'com.docker.compose.project';

export interface ContainerPort {
    readonly privatePort: number;
    readonly publicPort?: number;
    readonly hostIp?: string;
    readonly protocol: string;
}

export interface ContainerMount {
    readonly type: string;
    /** The volume's name, for a volume mount. */
    readonly name?: string;
    readonly source: string;
    readonly destination: string;
    readonly readWrite: boolean;
}

export interface ContainerSummary {
    readonly id: string;
    readonly name: string;
    readonly image: string;
    readonly imageId: string;
    readonly command: string;
    readonly created: Date;
    /** The engine's state word; an unknown future word is passed through. */
    readonly state: ContainerState | (string & {});
    /** The engine's human text, e.g. "Up 5 minutes (healthy)". */
    readonly status: string;
    readonly health?: ContainerHealth;
    readonly labels: Readonly<Record<string, string>>;
    readonly composeProject?: string;
    readonly ports: readonly ContainerPort[];
    readonly mounts: readonly ContainerMount[];
    readonly networks: readonly string[];
}

export interface ImageSummary {
    readonly id: string;
    /** Empty for a dangling image. */
    readonly repoTags: readonly string[];
    readonly dangling: boolean;
    readonly size: number;
    readonly created: Date;
    readonly labels: Readonly<Record<string, string>>;
}

export interface VolumeSummary {
    readonly name: string;
    readonly driver: string;
    readonly mountpoint: string;
    readonly scope: string;
    readonly created?: Date;
    readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkSummary {
    readonly id: string;
    readonly name: string;
    readonly driver: string;
    readonly scope: string;
    /** bridge, host and none come with the engine and cannot be removed. */
    readonly builtIn: boolean;
    readonly internal: boolean;
    readonly created?: Date;
    readonly labels: Readonly<Record<string, string>>;
}

export const builtInNetworkNames: readonly string[] = ['bridge', 'host', 'none'];

export function isBuiltInNetwork(name: string): boolean {
    return builtInNetworkNames.includes(name);
}

function healthOf(status: string): ContainerHealth | undefined {
    const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
    if (!match) {
        return undefined;
    }
    return match[1] === 'health: starting' ? 'starting' : (match[1] as ContainerHealth);
}

function dateOf(value: string | undefined): Date | undefined {
    const date = value ? new Date(value) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

export function toContainerSummary(raw: Dockerode.ContainerInfo): ContainerSummary {
    const labels = raw.Labels ?? {};
    const status = raw.Status ?? '';
    return {
        id: raw.Id,
        // The list gives "/name"; a linked container has more names, the first is its own.
        name: (raw.Names?.[0] ?? raw.Id.slice(0, 12)).replace(/^\//, ''),
        image: raw.Image,
        imageId: raw.ImageID,
        command: raw.Command ?? '',
        created: new Date((raw.Created ?? 0) * 1000),
        state: raw.State,
        status,
        health: healthOf(status),
        labels,
        composeProject: labels[composeProjectLabel] || undefined,
        ports: (raw.Ports ?? []).map((p) => ({ privatePort: p.PrivatePort, publicPort: p.PublicPort || undefined, hostIp: p.IP || undefined, protocol: p.Type })),
        mounts: (raw.Mounts ?? []).map((m) => ({ type: m.Type, name: m.Name || undefined, source: m.Source, destination: m.Destination, readWrite: m.RW })),
        networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
    };
}

export function toImageSummary(raw: Dockerode.ImageInfo): ImageSummary {
    const repoTags = (raw.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
    return {
        id: raw.Id,
        repoTags,
        dangling: repoTags.length === 0,
        size: raw.Size,
        created: new Date(raw.Created * 1000),
        labels: raw.Labels ?? {},
    };
}

export function toVolumeSummary(raw: Dockerode.VolumeInspectInfo & { CreatedAt?: string }): VolumeSummary {
    return {
        name: raw.Name,
        driver: raw.Driver,
        mountpoint: raw.Mountpoint,
        scope: raw.Scope,
        created: dateOf(raw.CreatedAt),
        labels: raw.Labels ?? {},
    };
}

export function toNetworkSummary(raw: Dockerode.NetworkInspectInfo): NetworkSummary {
    return {
        id: raw.Id,
        name: raw.Name,
        driver: raw.Driver,
        scope: raw.Scope,
        builtIn: isBuiltInNetwork(raw.Name),
        internal: raw.Internal === true,
        created: dateOf(raw.Created),
        labels: raw.Labels ?? {},
    };
}
