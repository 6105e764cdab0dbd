import { readAutoShutdown, type ScheduleState } from '../azure/autoShutdown/schedule';
import type { DockerHost } from '../host/dockerHost';
import type { AzureSession } from './AzureSession';

/** How long a read is reused: hovering a row again must not call Azure each time. */
const maxAgeMs = 60_000;

/** Each host's auto-shutdown schedule, for its tooltip; Set and Turn Off drop a host's entry. */
export class HostSchedules {
    private readonly reads = new Map<string, { at: number; value: Promise<ScheduleState | undefined> }>();

    constructor(private readonly session: AzureSession) {}

    get(host: DockerHost): Promise<ScheduleState | undefined> {
        const key = host.id.toLowerCase();
        const cached = this.reads.get(key);
        if (cached && Date.now() - cached.at <= maxAgeMs) {
            return cached.value;
        }
        const value = (async () => readAutoShutdown({ clients: await this.session.clientsFor(host.subscriptionId), cloud: this.session.cloud }, host.id))();
        value.catch(() => this.reads.get(key)?.value === value && this.reads.delete(key));
        this.reads.set(key, { at: Date.now(), value });
        return value;
    }

    invalidate(hostId: string): void {
        this.reads.delete(hostId.toLowerCase());
    }
}
