/**
 * A VM's published container ports on its public address: the engine's own socket is watched for
 * container events, and after each one the running containers' published TCP ports (on all
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
        for (const c of await docker.listContainers().catch(() => [])) {
            for (const p of c.Ports ?? []) {
                if (p.PublicPort && p.Type === 'tcp' && ['', '0.0.0.0', '::'].includes(p.IP ?? '') && !reserved.has(p.PublicPort)) {
                    wanted.set(p.PublicPort, { id: c.Id, port: p.PrivatePort });
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
    docker.getEvents({ filters: { type: ['container'] } }).then((stream) => {
        events = stream;
        stream.on('data', () => void sync());
        stream.on('error', () => undefined);
        if (stopped) {
            (stream as unknown as { destroy(): void }).destroy();
        }
        void sync();
    }, () => void sync());
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
