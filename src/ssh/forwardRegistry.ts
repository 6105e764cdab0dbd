/**
 * The port forwards running in this window, by host. Each owns its SSH connection, which ends
 * when the forward stops; closeAll ends them all (the extension calls it when the window goes).
 */
import type { PortForward } from './portForward';

export interface ActiveForward {
    /** The host's resource id (lower case). */
    readonly hostId: string;
    readonly hostName: string;
    /** The container whose published port it carries; undefined for a port of the VM itself. */
    readonly containerName?: string;
    readonly forward: PortForward;
}

export class ForwardRegistry {
    private readonly active = new Set<ActiveForward>();

    /** Registers a running forward; `onEnd` runs once when it stops, however it stops. */
    add(entry: ActiveForward, onEnd: () => void): void {
        this.active.add(entry);
        void entry.forward.closed.then(() => {
            this.active.delete(entry);
            onEnd();
        });
    }

    list(): ActiveForward[] {
        return [...this.active];
    }

    forHost(hostId: string): ActiveForward[] {
        return this.list().filter((f) => f.hostId === hostId.toLowerCase());
    }

    async closeAll(): Promise<void> {
        await Promise.all(this.list().map((f) => f.forward.close()));
    }
}

/** This window's forwards (one extension host, one registry). */
export const forwardRegistry = new ForwardRegistry();
