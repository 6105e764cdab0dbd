export type DockerodeModule = typeof import('./dockerode.lazy');

let loaded: DockerodeModule | undefined;

/** Loads dockerode once, at the first engine call; activation pays nothing for it. */
export function loadDockerode(): DockerodeModule {
    // require, not import(): the bundler keeps it as a require of the separate bundle, and plain
    // Node (tests) resolves it the same way.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require('./dockerode.lazy') as DockerodeModule;
    return loaded;
}
