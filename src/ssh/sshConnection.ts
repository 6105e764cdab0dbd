/**
 * One SSH connection to a host (ssh2, pure JS), checked against the pinned host keys and
 * authenticated with the host's private key. Each failure says what went wrong and what to do.
 */
import { readFile } from 'node:fs/promises';
import type { Client } from 'ssh2';
import { loadSsh2 } from './loadSsh2';
import { checkHostKey, HostKeyMismatchError, type HostKey } from './hostKeys';

export interface SshTarget {
    readonly hostName: string;
    readonly address: string;
    readonly port?: number;
    readonly user: string;
    readonly privateKeyPath: string;
    readonly pinned: readonly HostKey[];
    /** How long the TCP connect plus handshake may take; default 20 s. */
    readonly readyTimeoutMs?: number;
}

export class SshConnectError extends Error {
    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = 'SshConnectError';
    }
}

export async function connectSsh(target: SshTarget, signal?: AbortSignal): Promise<Client> {
    let privateKey: Buffer;
    try {
        privateKey = await readFile(target.privateKeyPath);
    } catch (error) {
        throw new SshConnectError(`The SSH private key of ${target.hostName}, ${target.privateKeyPath}, cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). `
            + 'Put the key back at that path; the VM accepts only the key it was created with.', { cause: error });
    }
    const where = `${target.address}:${target.port ?? 22}`;
    const client = new (loadSsh2().Client)();
    let mismatch: HostKeyMismatchError | undefined;
    return new Promise<Client>((resolve, reject) => {
        const onAbort = () => {
            client.destroy();
            reject(new SshConnectError(`Connecting to ${target.hostName} over SSH was cancelled.`));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        client.once('ready', () => {
            settle();
            resolve(client);
        });
        // on, not once: ssh2 can report a second error for the same failure (a reset after "connection lost").
        client.on('error', (error: Error & { level?: string; code?: string }) => {
            settle();
            client.destroy();
            reject(mismatch ?? describe(error));
        });
        client.connect({
            host: target.address,
            port: target.port ?? 22,
            username: target.user,
            privateKey,
            // Straight to the key: ssh2's default tries "none" first, one more round trip to sshd for a refusal.
            authHandler: ['publickey'],
            readyTimeout: target.readyTimeoutMs ?? 20_000,
            keepaliveInterval: 15_000,
            hostVerifier: (key: Buffer) => {
                try {
                    checkHostKey(target.address, key, target.pinned);
                    return true;
                } catch (error) {
                    mismatch = error as HostKeyMismatchError;
                    return false;
                }
            },
        });
        // ssh2 leaves Nagle on: its handshake writes small packets back to back, and each would wait for
        // the server's delayed ACK (about 40 ms), several times over before the login is done.
        client.setNoDelay(true);
    });

    function describe(error: Error & { level?: string; code?: string }): SshConnectError {
        if (error.level === 'client-authentication') {
            return new SshConnectError(`${target.hostName} refused the SSH key ${target.privateKeyPath} for user ${target.user}. `
                + 'Use the key the VM was created with, or reset it in the Azure portal (Reset password → Reset SSH public key).', { cause: error });
        }
        // A firewall or proxy that accepts and then drops the connection reads as "lost before handshake".
        if (error.level === 'client-timeout' || ['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET'].includes(error.code ?? '')
            || /lost before handshake/i.test(error.message)) {
            return new SshConnectError(`sshd on ${target.hostName} (${where}) is not answering (${error.code ?? error.message}). `
                + 'Check that the VM is running and that its network security group allows port 22 from your IP address.', { cause: error });
        }
        return new SshConnectError(`SSH to ${target.hostName} (${where}) failed: ${error.message}`, { cause: error });
    }
}
