import type { RunJournal } from '../azure/create/runJournal';
import type { HostEngines } from '../docker/hostEngines';
import type { AzureSession } from '../session/AzureSession';
import type { HostFirewalls } from '../session/HostFirewalls';
import type { HostSchedules } from '../session/HostSchedules';

/** What the tree items need from the extension. */
export interface TreeDeps {
    readonly session: AzureSession;
    readonly engines: HostEngines;
    readonly showDanglingImages: () => boolean;
    /** Where create runs are recorded; the subscription rows list the unfinished ones. */
    readonly journal: RunJournal;
    /** A line in the extension's output channel (which way the hosts were listed). */
    readonly log: (message: string) => void;
    /** Each host's firewall and the user's IP, for port states and the firewall fix. */
    readonly firewalls: HostFirewalls;
    /** Each host's auto-shutdown schedule, for its tooltip. */
    readonly schedules: HostSchedules;
}
