// A compose project as the engine sees it: the containers, networks and volumes compose labelled
// with the project's name. Start, stop, restart and remove go through the Engine API, so they
// need no compose program and work on any project, whoever brought it up.
import type { EngineClient } from '../engineClient';
import { removeContainer, restartContainer, startContainer, stopContainer } from '../operations';
import { composeProjectLabel } from '../summaries';

const serviceLabel = 'com.docker.compose.service';
const networkLabel = 'com.docker.compose.network';

export interface ProjectContainer {
    readonly id: string;
    readonly name: string;
    /** The compose service, or the container's name when the label is missing. */
    readonly service: string;
    readonly state: string;
}

export interface ProjectRemoval {
    readonly containers: readonly string[];
    readonly networks: readonly string[];
    readonly volumes: readonly string[];
}

type Signal = { readonly signal?: AbortSignal };

const projectFilter = (project: string) => ({ label: [`${composeProjectLabel}=${project}`] });

export async function projectContainers(client: EngineClient, project: string, options?: Signal): Promise<ProjectContainer[]> {
    const raw = await client.call('list the project\'s containers', (d) => d.listContainers({ all: true, filters: projectFilter(project) }), options);
    return raw
        .map((c) => {
            const name = (c.Names[0] ?? c.Id).replace(/^\//, '');
            return { id: c.Id, name, service: c.Labels?.[serviceLabel] ?? name, state: c.State };
        })
        .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name));
}

/** The project's named volumes (what "remove with volumes" would delete; the user confirms these names). */
export async function projectVolumes(client: EngineClient, project: string, options?: Signal): Promise<string[]> {
    const raw = await client.call('list the project\'s volumes', (d) => d.listVolumes({ filters: projectFilter(project) }), options);
    return (raw.Volumes ?? []).map((v) => v.Name).sort();
}

/** Runs `act` on every container at once; the first failure is thrown after all have been tried. */
async function eachContainer(containers: readonly ProjectContainer[], act: (c: ProjectContainer) => Promise<void>): Promise<void> {
    const results = await Promise.allSettled(containers.map(act));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
        throw failed.reason;
    }
}

export async function startProject(client: EngineClient, project: string, options?: Signal): Promise<ProjectContainer[]> {
    const containers = await projectContainers(client, project, options);
    await eachContainer(containers, (c) => startContainer(client, c.id, options));
    return containers;
}

export async function stopProject(client: EngineClient, project: string, options?: Signal): Promise<ProjectContainer[]> {
    const containers = await projectContainers(client, project, options);
    await eachContainer(containers, (c) => stopContainer(client, c.id, options));
    return containers;
}

export async function restartProject(client: EngineClient, project: string, options?: Signal): Promise<ProjectContainer[]> {
    const containers = await projectContainers(client, project, options);
    await eachContainer(containers, (c) => restartContainer(client, c.id, options));
    return containers;
}

/**
 * Removes the project's containers (running ones too) and the networks compose made for it.
 * Volumes hold data: they go only when `volumes` lists them (the names the user confirmed), and
 * only those of this project.
 */
export async function removeProject(client: EngineClient, project: string, options?: Signal & { readonly volumes?: readonly string[] }): Promise<ProjectRemoval> {
    const containers = await projectContainers(client, project, options);
    await eachContainer(containers, (c) => removeContainer(client, c.id, { signal: options?.signal, force: true }));
    const networks = await client.call('list the project\'s networks', (d) => d.listNetworks({ filters: projectFilter(project) }), options);
    // Compose labels the networks it created; an external network has no project label.
    const own = networks.filter((n) => n.Labels?.[networkLabel] !== undefined);
    await Promise.all(own.map((n) => client.call('remove the project\'s network', (d) => d.getNetwork(n.Id).remove(), options)));
    const wanted = new Set(options?.volumes ?? []);
    const volumes = wanted.size ? (await projectVolumes(client, project, options)).filter((v) => wanted.has(v)) : [];
    await Promise.all(volumes.map((v) => client.call('remove the project\'s volume', (d) => d.getVolume(v).remove(), options)));
    return { containers: containers.map((c) => c.name), networks: own.map((n) => n.Name).sort(), volumes };
}
