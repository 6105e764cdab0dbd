import type { RunJournal } from '../azure/create/runJournal';
import type { HostEngines } from '../docker/hostEngines';

/** What tree items below the subscriptions need from the extension. */
export interface TreeDeps {
    readonly engines: HostEngines;
    readonly showDanglingImages: () => boolean;
    /** Where create runs are recorded; the subscription rows list the unfinished ones. */
    readonly journal: RunJournal;
}
