/**
 * Where the core writes what it did: VS Code's LogOutputChannel has these methods, so the extension
 * passes its "Azure Docker Hosts" channel, and the channel's level decides what is kept.
 */
export interface Log {
    trace(message: string): void;
    debug(message: string): void;
    error(message: string): void;
}
