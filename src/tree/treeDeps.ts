import type { HostEngines } from './engine/hostEngines';

/** What tree items below the subscriptions need from the extension. */
export interface TreeDeps {
    readonly engines: HostEngines;
    readonly showDanglingImages: () => boolean;
}
