export type Ssh2Module = typeof import('./ssh2.lazy');

let loaded: Ssh2Module | undefined;

/** Loads ssh2 once, at the first SSH connection. */
export function loadSsh2(): Ssh2Module {
    // require, not import(): the bundler keeps it as a require of the separate bundle (see loadDockerode).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require('./ssh2.lazy') as Ssh2Module;
    return loaded;
}
