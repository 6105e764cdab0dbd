import type { EngineClient } from './engineClient';

interface VersionedSpec<S> {
    Version?: { Index?: number };
    Spec?: S;
}

/** Drain, Activate, Promote, Demote: one change to a node's spec, at the version just read (the engine refuses a stale one). */
export type NodeChange = { availability: 'active' | 'drain' | 'pause' } | { role: 'manager' | 'worker' };

export async function updateSwarmNode(manager: EngineClient, nodeId: string, change: NodeChange, signal?: AbortSignal): Promise<void> {
    await manager.call('update node', async (docker) => {
        const node = docker.getNode(nodeId);
        const current = (await node.inspect()) as VersionedSpec<{ Role?: string; Availability?: string; Labels?: Record<string, string>; Name?: string }>;
        const spec = { ...current.Spec };
        if ('availability' in change) {
            spec.Availability = change.availability;
        } else {
            spec.Role = change.role;
        }
        await node.update({ version: current.Version?.Index, ...spec });
    }, { signal });
}

/** Scale…: sets a replicated service's replica count, at the version just read. */
export async function scaleSwarmService(manager: EngineClient, serviceId: string, replicas: number, signal?: AbortSignal): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) {
        throw new Error(`Enter a whole number of replicas, 0 or more (${replicas} given).`);
    }
    await manager.call('scale service', async (docker) => {
        const service = docker.getService(serviceId);
        const current = (await service.inspect()) as VersionedSpec<{ Mode?: { Replicated?: { Replicas?: number }; Global?: object } }>;
        if (!current.Spec?.Mode?.Replicated) {
            throw new Error('A global service runs one task on every node; it cannot be scaled.');
        }
        await service.update({ version: current.Version?.Index, ...current.Spec, Mode: { Replicated: { Replicas: replicas } } });
    }, { signal });
}

/** Update Image…: a rolling update of the service to another image, one task at a time (the swarm's default), at the version just read. */
export async function updateServiceImage(manager: EngineClient, serviceId: string, image: string, signal?: AbortSignal): Promise<void> {
    const reference = image.trim();
    if (!/^[^\s]+$/.test(reference)) {
        throw new Error('Enter an image reference, such as nginx:1.27.');
    }
    await manager.call('update service image', async (docker) => {
        const service = docker.getService(serviceId);
        const current = (await service.inspect()) as VersionedSpec<{ TaskTemplate?: { ContainerSpec?: Record<string, unknown>; ForceUpdate?: number } }>;
        const spec = current.Spec ?? {};
        const task = spec.TaskTemplate ?? {};
        await service.update({ version: current.Version?.Index, ...spec, TaskTemplate: { ...task, ContainerSpec: { ...task.ContainerSpec, Image: reference } } });
    }, { signal });
}

/** Remove: the service and its tasks. */
export async function removeSwarmService(manager: EngineClient, serviceId: string, signal?: AbortSignal): Promise<void> {
    await manager.call('remove service', (docker) => docker.getService(serviceId).remove() as Promise<unknown>, { signal });
}

/** Inspect: the service as the manager holds it (spec, version, endpoint, update status). */
export async function inspectSwarmService(manager: EngineClient, serviceId: string, signal?: AbortSignal): Promise<unknown> {
    return manager.call('inspect service', (docker) => docker.getService(serviceId).inspect() as Promise<unknown>, { signal });
}
