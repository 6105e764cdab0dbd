/**
 * A local port that carries each connection through the host's SSH connection to a port on the
 * VM (where Docker publishes a container's port), so nothing needs to be opened in the firewall.
 * It listens on 127.0.0.1 only.
 */
import * as net from 'node:net';
import type { Client } from 'ssh2';

export interface PortForward {
    readonly localPort: number;
    readonly remotePort: number;
    /** Resolves when the forward has stopped (closed here, or its SSH connection ended). */
    readonly closed: Promise<void>;
    close(): Promise<void>;
}

export class LocalPortInUseError extends Error {
    constructor(readonly port: number) {
        super(`Local port ${port} is already in use on this machine. Choose another port, or leave it empty to use a free one.`);
        this.name = 'LocalPortInUseError';
    }
}

export async function startPortForward(ssh: Client, remotePort: number, localPort = 0): Promise<PortForward> {
    for (const [what, port, min] of [['remote', remotePort, 1], ['local', localPort, 0]] as const) {
        if (!Number.isInteger(port) || port < min || port > 65535) {
            throw new RangeError(`The ${what} port must be a whole number from ${min || 1} to 65535, not ${port}.`);
        }
    }
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        ssh.forwardOut('127.0.0.1', socket.remotePort ?? 0, '127.0.0.1', remotePort, (error, channel) => {
            if (error) {
                socket.destroy();
                return;
            }
            socket.pipe(channel).pipe(socket);
            channel.once('close', () => socket.destroy());
            socket.once('close', () => channel.close());
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new LocalPortInUseError(localPort) : error));
        server.listen(localPort, '127.0.0.1', () => resolve());
    });
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    const close = async () => {
        if (server.listening) {
            server.close();
        }
        sockets.forEach((s) => s.destroy());
        await closed;
    };
    ssh.once('close', () => void close());
    return { localPort: (server.address() as net.AddressInfo).port, remotePort, closed, close };
}
