export type YamlModule = typeof import('./yaml.lazy');

let loaded: YamlModule | undefined;

/** Loads the yaml parser once, when a compose file is first read; activation pays nothing for it. */
export function loadYaml(): YamlModule {
    // require, not import(), for the same reason as loadDockerode().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded ??= require('./yaml.lazy') as YamlModule;
    return loaded;
}
