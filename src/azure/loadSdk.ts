export type AzureSdk = typeof import('./sdk.lazy');

let sdk: Promise<AzureSdk> | undefined;

/** Loads the Azure SDK bundle once, at first use. */
export function loadSdk(): Promise<AzureSdk> {
    // require, not import(): the bundler keeps it as a require of the separate sdk bundle, and plain
    // Node (unit tests) resolves it the same way.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk ??= Promise.resolve().then(() => require('./sdk.lazy') as AzureSdk);
    return sdk;
}
