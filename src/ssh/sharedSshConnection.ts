/**
 * A host's one SSH connection, shared by everything that reaches its engine over SSH (the
 * explorer's calls, events, logs, exec and stats are channels of it). Connected on first use;
 * after it closes (the VM restarted, the network dropped) the next use connects again.
 */
import type { Client } from 'ssh2';
import { connectSsh, type SshTarget } from './sshConnection';

export class SharedSshConnection {
    /** How many SSH connections this object has opened (the connections benchmark reads it). */
    opened = 0;
    private current: Promise<Client> | undefined;
    private disposed = false;

    constructor(readonly target: SshTarget) {}

    get(): Promise<Client> {
        if (this.disposed) {
            return Promise.reject(new Error(`The SSH connection to ${this.target.hostName} was closed.`));
        }
        if (!this.current) {
            this.opened++;
            const connecting = connectSsh(this.target);
            this.current = connecting;
            connecting.then((client) => {
                client.once('close', () => {
                    if (this.current === connecting) {
                        this.current = undefined;
                    }
                });
                if (this.disposed) {
                    client.end();
                }
            }, () => {
                // A failed connect is not kept: the next call tries again.
                if (this.current === connecting) {
                    this.current = undefined;
                }
            });
        }
        return this.current;
    }

    dispose(): void {
        this.disposed = true;
        void this.current?.then((client) => client.end(), () => undefined);
        this.current = undefined;
    }
}
