/**
 * A simulated VM's public address, as Azure's network edge: every TCP port of the VM that has
 * something behind it (dockerd's TLS port, sshd, a container's published port) is a listener on the
 * public IP here, and each connection is let through only when the VM's NSGs allow the caller's
 * public IP on that port right now (VmHookInfo.inboundAllowed); the backend then gets a fresh
 * connection and bytes are copied both ways. Nothing on this machine's firewall changes.
 *
 * The verdict is made when a connection opens; one already open goes on after a rule changes, as an
 * NSG's tracked flows do. A denied connection is reset at once. (Azure drops the packets and the client waits for its
 * timeout; resetting keeps tests fast and still reads as "unreachable" to every client.)
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { Duplex } from 'node:stream';

/** Opens the stream to what serves a port inside the VM (or throws when nothing does). */
export type EdgeBackend = () => Promise<Duplex>;

export interface EdgeConnection { readonly port: number; readonly allowed: boolean; readonly at: Date }

export class VmEdge {
    private readonly listeners = new Map<number, { server: net.Server; backend: EdgeBackend; open: Set<net.Socket> }>();
    /** Every connection the edge judged, in order. */
    readonly connections: EdgeConnection[] = [];

    constructor(readonly publicIp: string, private readonly allows: (port: number) => boolean) {}

    /** Serves `port` on the public IP through `backend`; a port already served gets the new backend. */
    async serve(port: number, backend: EdgeBackend): Promise<void> {
        const existing = this.listeners.get(port);
        if (existing) {
            existing.backend = backend;
            return;
        }
        const entry = {
            // No Nagle on either leg: a network path forwards each packet as it comes, and a relay that
            // held small writes back would add delayed-ACK waits to every handshake through it.
            server: net.createServer({ noDelay: true }, (socket) => {
                entry.open.add(socket);
                socket.on('close', () => entry.open.delete(socket));
                this.accept(port, socket, entry.backend);
            }),
            backend,
            open: new Set<net.Socket>(),
        };
        this.listeners.set(port, entry);
        await new Promise<void>((resolve, reject) => {
            entry.server.once('error', (err) => {
                this.listeners.delete(port);
                reject(err);
            });
            entry.server.listen(port, this.publicIp, () => resolve());
        });
    }

    /** Stops serving `port`: its connections end too, as the VM's service behind them is gone. */
    async unserve(port: number): Promise<void> {
        const entry = this.listeners.get(port);
        this.listeners.delete(port);
        for (const socket of entry?.open ?? []) {
            socket.destroy();
        }
        await new Promise<void>((resolve) => (entry ? entry.server.close(() => resolve()) : resolve()));
    }

    /** Resets every open connection, listeners staying: the caller's address changed, and its flows went with it. */
    dropFlows(): void {
        for (const entry of this.listeners.values()) {
            entry.open.forEach((socket) => socket.resetAndDestroy());
        }
    }

    /** The ports listening now. */
    ports(): number[] {
        return [...this.listeners.keys()].sort((a, b) => a - b);
    }

    /** Resolves once `port` listens (published ports follow the engine's events, a moment after the container starts). */
    async whenServing(port: number, timeoutMs = 10_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!this.listeners.has(port)) {
            if (Date.now() > deadline) {
                throw new Error(`${this.publicIp}:${port} did not start listening within ${timeoutMs} ms (serving ${this.ports().join(', ') || 'nothing'})`);
            }
            await new Promise((r) => setTimeout(r, 20));
        }
    }

    async close(): Promise<void> {
        await Promise.all(this.ports().map((p) => this.unserve(p)));
    }

    private accept(port: number, socket: net.Socket, backend: EdgeBackend): void {
        const allowed = this.allows(port);
        this.connections.push({ port, allowed, at: new Date() });
        if (!allowed) {
            socket.resetAndDestroy();
            return;
        }
        socket.pause();
        backend().then((inner) => {
            const end = () => {
                socket.destroy();
                inner.destroy();
            };
            inner.on('error', end);
            socket.on('error', end);
            socket.on('close', () => inner.destroy());
            inner.on('close', () => socket.end());
            socket.pipe(inner);
            inner.pipe(socket);
            socket.resume();
        }, () => socket.resetAndDestroy());
    }
}

/** A backend that is a TCP listener on this machine (dockerd's, sshd's inner address). */
export function tcpBackend(host: string, port: number): EdgeBackend {
    return () => new Promise<Duplex>((resolve, reject) => {
        const s = net.connect({ host, port, noDelay: true });
        s.once('connect', () => resolve(s));
        s.once('error', reject);
    });
}

/** Copies stdin to 127.0.0.1:<port> and back to stdout; run inside a container's network namespace. */
const relay = `const s=require('net').connect(+process.argv[1],'127.0.0.1');
s.on('error',()=>process.exit(1));process.stdin.pipe(s);s.pipe(process.stdout);`;

/**
 * A backend inside a container's network namespace (the harness's engines run containers without
 * a bridge, so the VM's published port is a relay into the container): a small Node process
 * entered into that namespace connects to the container's port on its own loopback.
 */
export function containerBackend(pid: () => Promise<number>, containerPort: number): EdgeBackend {
    return async () => {
        const child = spawn('nsenter', [`--net=/proc/${await pid()}/ns/net`, '--', process.execPath, '-e', relay, String(containerPort)], {
            stdio: ['pipe', 'pipe', 'ignore'],
        });
        await new Promise<void>((resolve, reject) => {
            child.once('spawn', resolve);
            child.once('error', reject);
        });
        const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
        stream.on('close', () => child.kill());
        return stream;
    };
}
