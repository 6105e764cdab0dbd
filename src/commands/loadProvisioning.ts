export type ProvisioningModule = typeof import('./provisioning.lazy');

/** The certificate and provisioning core, loaded at first use (see provisioning.lazy.ts). */
export function loadProvisioning(): ProvisioningModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./provisioning.lazy') as ProvisioningModule;
}
