/**
 * A VM's published container ports on its public address: the engine's own socket is watched for
 * container events, and after each one the running containers' port bindings for TCP (on all
 * addresses, as `-p 8080:80` publishes them) are served by the VM's edge, each through a relay into
 * its container. A port bound to one address only (`-p 127.0.0.1:8080:80`) stays inside the VM.
 */
import Docker from 'dockerode';
import { containerBackend, type VmEdge } from './vmEdge';

export interface PublishedPorts {
    /** Resolves when the sync in flight (if any) is done. */
    settled(): Promise<void>;
    stop(): Promise<void>;
}

export function followPublishedPorts(socketPath: string, edge: VmEdge, reserved: ReadonlySet<number>): PublishedPorts {
    const docker = new Docker({ socketPath });
    const served = new Set<number>();
    let stopped = false;
    let chain = Promise.resolve();
    const sync = () => (chain = chain.then(async () => {
        if (stopped) {
            return;
        }
        const wanted = new Map<number, { id: string; port: number }>();
        // The harness's engines run containers without a bridge, so the engine lists no ports for
        // them; the bindings the container asked for are in its HostConfig.
        for (const c of await docker.listContainers().catch(() => [])) {
            const bindings = (await docker.getContainer(c.Id).inspect().catch(() => undefined))?.HostConfig.PortBindings as
                Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined;
            for (const [key, list] of Object.entries(bindings ?? {})) {
                const [privatePort, type] = key.split('/');
                for (const b of list ?? []) {
                    const publicPort = Number(b.HostPort);
                    if (publicPort && type === 'tcp' && ['', '0.0.0.0', '::'].includes(b.HostIp ?? '') && !reserved.has(publicPort)) {
                        wanted.set(publicPort, { id: c.Id, port: Number(privatePort) });
                    }
                }
            }
        }
        for (const port of [...served].filter((p) => !wanted.has(p))) {
            served.delete(port);
            await edge.unserve(port);
        }
        for (const [port, target] of wanted) {
            const pid = async () => (await docker.getContainer(target.id).inspect()).State.Pid;
            await edge.serve(port, containerBackend(pid, target.port)).then(() => served.add(port), () => undefined);
        }
    }));
    let events: NodeJS.ReadableStream | undefined;
    // Subscribed again whenever the stream ends while the VM runs (the engine was killed and restarted).
    const subscribe = (): void => {
        if (stopped) {
            return;
        }
        docker.getEvents({ filters: { type: ['container'] } }).then((stream) => {
            events = stream;
            stream.on('data', () => void sync());
            stream.on('error', () => undefined);
            // A killed engine errors the stream (no 'end'); 'close' follows either way.
            stream.on('close', () => setTimeout(subscribe, 200));
            if (stopped) {
                (stream as unknown as { destroy(): void }).destroy();
            }
            void sync();
        }, () => setTimeout(subscribe, 200));
    };
    subscribe();
    return {
        settled: () => chain,
        async stop() {
            stopped = true;
            (events as unknown as { destroy?(): void } | undefined)?.destroy?.();
            await chain;
            await Promise.all([...served].map((p) => edge.unserve(p)));
            served.clear();
        },
    };
}
