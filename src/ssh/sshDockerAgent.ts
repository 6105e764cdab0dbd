/**
 * The Docker Engine API over SSH: an http.Agent whose every connection is a channel of ONE SSH
 * connection, forwarded to the engine's unix socket on the VM (OpenSSH's streamlocal forwarding,
 * so nothing runs on the VM and no Docker port is open). Calls and streams (events, logs, exec,
 * stats) are multiplexed over that connection.
 */
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';

/**
 * The host name of an HTTP request that goes through this agent: only its Host header, since the
 * agent picks the channel. It must be localhost: VS Code's proxy support gives a request to any other
 * host its own agent, which dials that name itself ("getaddrinfo ENOTFOUND docker"), and leaves a
 * request to localhost on the agent it came with.
 */
export const sshRequestHost = 'localhost';

/** Where Docker's packages put the engine's socket. */
export const dockerSocketPath = '/var/run/docker.sock';

export class SshDockerAgent extends http.Agent {
    /** `ssh`: the connection, or how to get it (connected on first use, again after it closed). */
    constructor(private readonly ssh: Client | (() => Promise<Client>), private readonly socketPath = dockerSocketPath) {
        super({ keepAlive: true, maxFreeSockets: 4 });
        // http.Agent calls createConnection(options, callback); a channel arrives asynchronously.
        (this as unknown as { createConnection: unknown }).createConnection = (_options: unknown, callback: (error: Error | null, socket?: Duplex) => void) => {
            const connection = typeof this.ssh === 'function' ? this.ssh() : Promise.resolve(this.ssh);
            connection.then((ssh) => this.openChannel(ssh, callback), (error: Error) => callback(error));
            return undefined;
        };
    }

    private openChannel(ssh: Client, callback: (error: Error | null, socket?: Duplex) => void): void {
        ssh.openssh_forwardOutStreamLocal(this.socketPath, (error, channel) => {
            if (error) {
                callback(new Error(`The Docker engine's socket ${this.socketPath} on the VM cannot be reached over SSH (${error.message}). `
                    + 'Check that Docker is running on the VM and that the SSH user may use its socket (the docker group).'));
                return;
            }
            // The HTTP client tunes sockets; a channel has no such knobs, and needs none.
            const socketLike = channel as unknown as Record<string, unknown>;
            for (const method of ['setTimeout', 'setNoDelay', 'setKeepAlive', 'ref', 'unref']) {
                socketLike[method] ??= () => channel;
            }
            callback(null, channel);
        });
    }
}
