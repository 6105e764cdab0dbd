// Containers as tree rows, without VS Code: the tree layer turns each row into a TreeItem.
import { isIPv6 } from 'node:net';
import type { ContainerSummary } from './summaries';

export type ContainerIcon = 'running' | 'paused' | 'exited' | 'restarting' | 'unhealthy' | 'created' | 'dead';

export interface ContainerRow {
    /** Includes the state, so a state change re-renders the row. */
    readonly id: string;
    readonly label: string;
    readonly description: string;
    readonly icon: ContainerIcon;
    /** state + "Container" (runningContainer, exitedContainer…), matched by the menus' regexes. */
    readonly contextValue: string;
    readonly container: ContainerSummary;
}

export interface ContainerGroups {
    /** One group per compose project, by project name. */
    readonly projects: readonly { readonly project: string; readonly rows: readonly ContainerRow[] }[];
    readonly ungrouped: readonly ContainerRow[];
}

function iconOf(c: ContainerSummary): ContainerIcon {
    if (c.health === 'unhealthy') {
        return 'unhealthy';
    }
    switch (c.state) {
        case 'running':
        case 'paused':
        case 'restarting':
        case 'created':
        case 'dead':
            return c.state as ContainerIcon;
        case 'removing':
            return 'dead';
        default:
            return 'exited';
    }
}

export function containerRow(c: ContainerSummary): ContainerRow {
    return {
        id: `${c.id}:${c.state}`,
        label: c.name,
        description: `${c.image} · ${c.status}`,
        icon: iconOf(c),
        contextValue: `${c.state}Container`,
        container: c,
    };
}

const byLabel = (a: ContainerRow, b: ContainerRow) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** Rows sorted by name, grouped by compose project where a container has one. */
export function groupContainerRows(containers: readonly ContainerSummary[]): ContainerGroups {
    const projects = new Map<string, ContainerRow[]>();
    const ungrouped: ContainerRow[] = [];
    for (const c of containers) {
        const row = containerRow(c);
        if (c.composeProject) {
            let rows = projects.get(c.composeProject);
            if (!rows) {
                rows = [];
                projects.set(c.composeProject, rows);
            }
            rows.push(row);
        } else {
            ungrouped.push(row);
        }
    }
    return {
        projects: [...projects.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([project, rows]) => ({ project, rows: rows.sort(byLabel) })),
        ungrouped: ungrouped.sort(byLabel),
    };
}

/**
 * Containers listed per expand or Load More. The engine's answer grows with the rows it formats
 * (dockerd 20.10: about 16 ms for 250, 50 ms for 1,000), on top of a fixed cost that grows with
 * the host (about 55 ms at 10,000 containers), so a page this size opens any host quickly.
 */
export const containerPageSize = 250;

/**
 * A page of a host too large to list at once keeps the engine's order (newest first) and shows
 * compose containers in line: sorting or grouping one page would scatter them across pages.
 */
export function containerPageRows(page: { readonly containers: readonly ContainerSummary[]; readonly next?: unknown }, first: boolean): ContainerGroups {
    return first && !page.next ? groupContainerRows(page.containers) : { projects: [], ungrouped: page.containers.map(containerRow) };
}

export interface PublishedPort {
    readonly publicPort: number;
    readonly privatePort: number;
    readonly protocol: 'tcp' | 'udp';
    /** "8080→80/tcp" */
    readonly label: string;
}

/** The ports a container publishes on the VM's public address (not those bound to the VM's loopback), once each. */
export function publishedPorts(c: ContainerSummary): PublishedPort[] {
    const seen = new Set<string>();
    const ports: PublishedPort[] = [];
    for (const p of c.ports) {
        if (!p.publicPort || (p.hostIp && /^(127\.|::1$)/.test(p.hostIp)) || (p.protocol !== 'tcp' && p.protocol !== 'udp')) {
            continue;
        }
        const label = `${p.publicPort}→${p.privatePort}/${p.protocol}`;
        if (!seen.has(label)) {
            seen.add(label);
            ports.push({ publicPort: p.publicPort, privatePort: p.privatePort, protocol: p.protocol, label });
        }
    }
    return ports;
}

export interface PortLink {
    /** "8080 → 80/tcp" */
    readonly label: string;
    readonly url: string;
    readonly port: PublishedPort;
}

/**
 * Links to the published ports on the host's public address, never localhost (the container runs
 * on the VM). Ports published only on the VM's loopback are left out: they are not reachable.
 */
export function publishedPortLinks(c: ContainerSummary, publicAddress: string): PortLink[] {
    const host = isIPv6(publicAddress) ? `[${publicAddress}]` : publicAddress;
    const seen = new Set<string>();
    const links: PortLink[] = [];
    for (const p of publishedPorts(c).filter((port) => port.protocol === 'tcp')) {
        const url = `http://${host}:${p.publicPort}`;
        if (!seen.has(url)) {
            seen.add(url);
            links.push({ label: `${p.publicPort} → ${p.privatePort}/${p.protocol}`, url, port: p });
        }
    }
    return links;
}
