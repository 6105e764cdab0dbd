// The list and act operations of the explorer. Each is one engine call through the client's
// choke point (timeout, cancellation, error mapping); results are the core's plain shapes.
import type Dockerode from 'dockerode';
import { EngineError, EngineTimeoutError } from './describeEngineError';
import { isAbortError, type EngineClient } from './engineClient';
import { LineSplitter } from './lineSplitter';
import { linkedAbort } from './linkedAbort';
import { PullProgressTracker, type PullProgress, type RawPullMessage } from './pullProgress';
import { containerCreateBody, type RunImageOptions } from './runOptions';
import {
    isBuiltInNetwork, toContainerSummary, toImageSummary, toNetworkSummary, toVolumeSummary,
    type ContainerSummary, type ImageSummary, type NetworkSummary, type VolumeSummary,
} from './summaries';

export interface EngineVersion {
    readonly version: string;
    readonly apiVersion: string;
    readonly os: string;
    readonly arch: string;
    readonly kernelVersion?: string;
}

export interface PruneResult {
    /** Names or ids of what was removed. */
    readonly removed: readonly string[];
    readonly spaceReclaimed: number;
}

type Signal = { readonly signal?: AbortSignal };

/** The engine answers 304 when a container is already in the asked state; for a multi-select that is success. */
function alreadyDone(error: unknown): boolean {
    return error instanceof EngineError && error.statusCode === 304;
}

export async function engineVersion(client: EngineClient, options?: Signal): Promise<EngineVersion> {
    const v = await client.call('read the engine version', (d) => d.version(), options);
    return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, arch: v.Arch, kernelVersion: v.KernelVersion || undefined };
}

/** What the engine runs with now: the log driver, live-restore and whether it is a swarm node. */
export interface CurrentEngineSettings {
    readonly logDriver: string;
    readonly liveRestore: boolean;
    readonly swarmActive: boolean;
}

/** The engine's log driver, live-restore and swarm state (what Configure Engine… starts from). */
export async function engineSettings(client: EngineClient, options?: Signal): Promise<CurrentEngineSettings> {
    const info = await client.call('read the engine settings', (d) => d.info() as Promise<{ LoggingDriver?: string; LiveRestoreEnabled?: boolean; Swarm?: { LocalNodeState?: string } }>, options);
    return { logDriver: info.LoggingDriver ?? 'json-file', liveRestore: info.LiveRestoreEnabled === true, swarmActive: info.Swarm?.LocalNodeState === 'active' };
}

// ---- lists -------------------------------------------------------------------------------------

export async function listContainers(client: EngineClient, options?: Signal): Promise<ContainerSummary[]> {
    const raw = await client.call('list the containers', (d) => d.listContainers({ all: true }), options);
    return raw.map(toContainerSummary);
}

/** One page of `docker ps -a`, newest first; `next` continues it, and is absent on the last page. */
export interface ContainerPage {
    readonly containers: ContainerSummary[];
    readonly next?: { readonly before: string };
}

/**
 * The engine's cost of a full list grows with every container it formats (about 1 s for 10,000 on
 * dockerd 20.10), while `limit` stops it early; `before` continues after the previous page.
 */
export async function listContainerPage(client: EngineClient, options: Signal & { readonly limit: number; readonly before?: string }): Promise<ContainerPage> {
    const filters = options.before ? { before: [options.before] } : undefined;
    // One more than asked tells whether another page follows, without a second call.
    const raw = await client.call('list the containers', (d) => d.listContainers({ all: true, limit: options.limit + 1, ...(filters ? { filters } : {}) }), options);
    const containers = raw.slice(0, options.limit).map(toContainerSummary);
    return raw.length > options.limit ? { containers, next: { before: containers[containers.length - 1].id } } : { containers };
}

export async function listImages(client: EngineClient, options?: Signal & { readonly includeDangling?: boolean }): Promise<ImageSummary[]> {
    const raw = await client.call('list the images', (d) => d.listImages(options?.includeDangling ? {} : { filters: { dangling: ['false'] } }), options);
    return raw.map(toImageSummary);
}

export async function listVolumes(client: EngineClient, options?: Signal): Promise<VolumeSummary[]> {
    const raw = await client.call('list the volumes', (d) => d.listVolumes(), options);
    return (raw.Volumes ?? []).map(toVolumeSummary);
}

export async function listNetworks(client: EngineClient, options?: Signal): Promise<NetworkSummary[]> {
    const raw = await client.call('list the networks', (d) => d.listNetworks(), options);
    return raw.map(toNetworkSummary);
}

// ---- containers --------------------------------------------------------------------------------

export async function startContainer(client: EngineClient, id: string, options?: Signal): Promise<void> {
    await client.call('start the container', (d) => d.getContainer(id).start(), options).catch((e: unknown) => {
        if (!alreadyDone(e)) {
            throw e;
        }
    });
}

/** `graceSeconds` (default 10) before the engine kills it; the call's limit grows by as much. */
export async function stopContainer(client: EngineClient, id: string, options?: Signal & { readonly graceSeconds?: number }): Promise<void> {
    const t = options?.graceSeconds ?? 10;
    await client.call('stop the container', (d) => d.getContainer(id).stop({ t }), { signal: options?.signal, timeoutMs: client.timeoutMs + t * 1000 }).catch((e: unknown) => {
        if (!alreadyDone(e)) {
            throw e;
        }
    });
}

export async function restartContainer(client: EngineClient, id: string, options?: Signal & { readonly graceSeconds?: number }): Promise<void> {
    const t = options?.graceSeconds ?? 10;
    await client.call('restart the container', (d) => d.getContainer(id).restart({ t }), { signal: options?.signal, timeoutMs: client.timeoutMs + t * 1000 });
}

export async function pauseContainer(client: EngineClient, id: string, options?: Signal): Promise<void> {
    await client.call('pause the container', (d) => d.getContainer(id).pause(), options);
}

export async function unpauseContainer(client: EngineClient, id: string, options?: Signal): Promise<void> {
    await client.call('unpause the container', (d) => d.getContainer(id).unpause(), options);
}

/** `force` removes a running container (the engine kills it first). Anonymous volumes are kept. */
export async function removeContainer(client: EngineClient, id: string, options?: Signal & { readonly force?: boolean }): Promise<void> {
    await client.call('remove the container', (d) => d.getContainer(id).remove({ force: options?.force ?? false }), options);
}

export function inspectContainer(client: EngineClient, id: string, options?: Signal): Promise<Dockerode.ContainerInspectInfo> {
    return client.call('inspect the container', (d) => d.getContainer(id).inspect(), options);
}

// ---- images ------------------------------------------------------------------------------------

export function inspectImage(client: EngineClient, idOrReference: string, options?: Signal): Promise<Dockerode.ImageInspectInfo> {
    return client.call('inspect the image', (d) => d.getImage(idOrReference).inspect(), options);
}

/** Removes one image (or untags it, when given a tag of an image with others). */
export async function removeImage(client: EngineClient, idOrReference: string, options?: Signal & { readonly force?: boolean }): Promise<void> {
    await client.call('remove the image', (d) => d.getImage(idOrReference).remove({ force: options?.force ?? false }), options);
}

export async function pruneDanglingImages(client: EngineClient, options?: Signal): Promise<PruneResult> {
    const r = await client.call('prune dangling images', (d) => d.pruneImages({ filters: { dangling: ['true'] } }), options);
    const removed = (r.ImagesDeleted ?? []).map((x: { Deleted?: string; Untagged?: string }) => x.Deleted ?? x.Untagged ?? '').filter(Boolean);
    return { removed, spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

/**
 * Creates and starts a container from a local image. If it cannot start, the new container is
 * removed again, so a failed run leaves nothing behind.
 */
export async function runImage(client: EngineClient, options: RunImageOptions & Signal): Promise<{ id: string }> {
    const body = containerCreateBody(options);
    const container = await client.call('create the container', (d) => d.createContainer(body), options);
    try {
        await client.call('start the container', () => container.start(), options);
    } catch (error) {
        await client.call('remove the container that did not start', () => container.remove({ force: true })).catch(() => undefined);
        throw error;
    }
    return { id: container.id };
}

export interface PullResult {
    readonly reference: string;
    readonly digest?: string;
    /** e.g. "Downloaded newer image for …" or "Image is up to date for …". */
    readonly status?: string;
}

/** Credentials the engine passes to the registry (X-Registry-Auth); never logged. */
export interface RegistryAuth { readonly username: string; readonly password: string; readonly serveraddress: string }

export interface TransferOptions extends Signal {
    readonly onProgress?: (p: PullProgress) => void;
    readonly auth?: RegistryAuth;
}

/**
 * Pulls an image, reporting progress. The start has the usual limit; after that the pull may take
 * as long as it needs while the engine keeps reporting, but a silence longer than the limit (at
 * least a minute) ends it as a timeout.
 */
export function pullImage(client: EngineClient, reference: string, options?: TransferOptions): Promise<PullResult> {
    const authconfig = options?.auth;
    return transferImage(client, 'Pulling', reference, (d) => d.pull(reference, authconfig ? { authconfig } : {}), options);
}

/** Pushes `repository:tag` (already tagged on the engine) to its registry, with per-layer progress. */
export function pushImage(client: EngineClient, repository: string, tag: string, options?: TransferOptions): Promise<PullResult> {
    const authconfig = options?.auth;
    return transferImage(client, 'Pushing', `${repository}:${tag}`,
        (d) => d.getImage(repository).push({ tag, ...(authconfig ? { authconfig } : {}) }), options);
}

/** Gives an image on the engine another name (`repository:tag`). */
export async function tagImage(client: EngineClient, image: string, repository: string, tag: string, options?: Signal): Promise<void> {
    await client.call('tag the image', (d) => d.getImage(image).tag({ repo: repository, tag }), options);
}

async function transferImage(
    client: EngineClient, verb: 'Pulling' | 'Pushing', reference: string,
    open: (d: Dockerode) => Promise<NodeJS.ReadableStream>, options?: TransferOptions,
): Promise<PullResult> {
    const { controller, unlink } = linkedAbort(options?.signal);
    const silenceMs = Math.max(client.timeoutMs, 60_000);
    const what = `${verb === 'Pulling' ? 'pull' : 'push'} ${reference}`;
    let silence: NodeJS.Timeout | undefined;
    try {
        const stream = await client.stream(what, open, { signal: controller.signal });
        const tracker = new PullProgressTracker();
        const lines = new LineSplitter();
        return await new Promise<PullResult>((resolve, reject) => {
            let failure: Error | undefined;
            const armSilence = () => {
                clearTimeout(silence);
                silence = setTimeout(() => controller.abort(new EngineTimeoutError(silenceMs, what)), silenceMs);
            };
            armSilence();
            const onLine = (line: string) => {
                if (!line.trim()) {
                    return;
                }
                let raw: RawPullMessage;
                try {
                    raw = JSON.parse(line) as RawPullMessage;
                } catch {
                    return;
                }
                if (raw.error || raw.errorDetail?.message) {
                    failure ??= new EngineError({
                        kind: 'other',
                        cause: `${verb} ${reference} failed: ${raw.errorDetail?.message ?? raw.error}.`,
                        fix: 'Check the image name and tag, and that the engine can reach the registry.',
                        unreachable: false,
                    });
                    return;
                }
                // Always tracked: the result's status and digest come from it, progress listener or not.
                const progress = tracker.update(raw);
                options?.onProgress?.(progress);
            };
            stream.on('data', (chunk: Buffer) => {
                armSilence();
                lines.push(chunk).forEach(onLine);
            });
            stream.on('end', () => {
                const rest = lines.flush();
                if (rest) {
                    onLine(rest);
                }
                if (failure) {
                    reject(failure);
                } else {
                    resolve({ reference, digest: tracker.digest, status: tracker.finalStatus });
                }
            });
            stream.on('error', (error: unknown) => {
                const reason: unknown = controller.signal.reason;
                if (reason instanceof EngineTimeoutError) {
                    reject(client.toEngineError(reason));
                } else {
                    reject(controller.signal.aborted || isAbortError(error) ? reason ?? error : client.toEngineError(error));
                }
            });
        });
    } catch (error) {
        if (error instanceof EngineError && error.statusCode !== undefined) {
            // The engine refuses before streaming when the registry or the name is wrong.
            throw new EngineError({ ...error.description, cause: `${verb} ${reference} failed: ${error.message.replace(/^The engine refused the request: /, '')}` }, { cause: error });
        }
        throw error;
    } finally {
        clearTimeout(silence);
        unlink();
    }
}

// ---- volumes -----------------------------------------------------------------------------------

export function inspectVolume(client: EngineClient, name: string, options?: Signal): Promise<Dockerode.VolumeInspectInfo> {
    return client.call('inspect the volume', (d) => d.getVolume(name).inspect(), options);
}

export async function removeVolume(client: EngineClient, name: string, options?: Signal & { readonly force?: boolean }): Promise<void> {
    await client.call('remove the volume', (d) => d.getVolume(name).remove({ force: options?.force ?? false }), options);
}

/** The engine's own rule: since API 1.42 only anonymous unused volumes, before that every unused one. */
export async function pruneVolumes(client: EngineClient, options?: Signal): Promise<PruneResult> {
    const r = await client.call('prune unused volumes', (d) => d.pruneVolumes(), options);
    return { removed: r.VolumesDeleted ?? [], spaceReclaimed: r.SpaceReclaimed ?? 0 };
}

// ---- networks ----------------------------------------------------------------------------------

export function inspectNetwork(client: EngineClient, idOrName: string, options?: Signal): Promise<Dockerode.NetworkInspectInfo> {
    return client.call('inspect the network', (d) => d.getNetwork(idOrName).inspect(), options);
}

/** Refuses bridge, host and none before asking the engine (which would refuse too, less clearly). */
export async function removeNetwork(client: EngineClient, idOrName: string, options?: Signal): Promise<void> {
    const info = await inspectNetwork(client, idOrName, options);
    if (isBuiltInNetwork(info.Name)) {
        throw new EngineError({
            kind: 'other',
            cause: `"${info.Name}" is one of the engine's built-in networks; it cannot be removed.`,
            fix: 'Only networks you created can be removed.',
            unreachable: false,
        });
    }
    await client.call('remove the network', (d) => d.getNetwork(info.Id).remove(), options);
}

export async function pruneNetworks(client: EngineClient, options?: Signal): Promise<PruneResult> {
    const r = await client.call('prune unused networks', (d) => d.pruneNetworks(), options);
    return { removed: r.NetworksDeleted ?? [], spaceReclaimed: 0 };
}
