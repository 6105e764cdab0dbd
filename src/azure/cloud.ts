/**
 * The Azure cloud the extension talks to, resolved from the same settings the VS Code Microsoft
 * account uses (`microsoft-sovereign-cloud.*`). A custom cloud (and so the emulator) is reached
 * exactly like a sovereign one: nothing here knows about tests.
 */
export interface CloudConfig {
    readonly name: string;
    /** ARM origin without a trailing slash, e.g. https://management.azure.com */
    readonly resourceManagerEndpoint: string;
    /** Entra ID authority host without a trailing slash. */
    readonly activeDirectoryEndpoint: string;
    /** The token scope every ARM client must ask for. */
    readonly armScope: string;
    readonly portalUrl: string;
    /** Suffix of a public IP's FQDN: `<label>.<location>.<suffix>`. */
    readonly publicIpDnsSuffix: string;
    /** Private and custom clouds are not in Entra's public instance metadata. */
    readonly isCustom: boolean;
}

/** The shape VS Code's `microsoft-sovereign-cloud.customEnvironment` setting holds. */
export interface CustomEnvironmentSetting {
    name?: string;
    portalUrl?: string;
    resourceManagerEndpointUrl?: string;
    activeDirectoryEndpointUrl?: string;
    activeDirectoryResourceId?: string;
    publicIpDnsSuffix?: string;
}

const trim = (url: string): string => url.replace(/\/+$/, '');

function known(name: string, arm: string, aad: string, portal: string, dns: string): CloudConfig {
    return {
        name,
        resourceManagerEndpoint: arm,
        activeDirectoryEndpoint: aad,
        armScope: `${arm}/.default`,
        portalUrl: portal,
        publicIpDnsSuffix: dns,
        isCustom: false,
    };
}

export const azureCloud = known('AzureCloud', 'https://management.azure.com', 'https://login.microsoftonline.com', 'https://portal.azure.com', 'cloudapp.azure.com');
const chinaCloud = known('ChinaCloud', 'https://management.chinacloudapi.cn', 'https://login.chinacloudapi.cn', 'https://portal.azure.cn', 'cloudapp.chinacloudapi.cn');
const usGovernment = known('USGovernment', 'https://management.usgovcloudapi.net', 'https://login.microsoftonline.us', 'https://portal.azure.us', 'cloudapp.usgovcloudapi.net');

export class CloudConfigError extends Error {}

/**
 * @param environment the value of `microsoft-sovereign-cloud.environment` ('' or undefined means the public cloud)
 * @param custom the value of `microsoft-sovereign-cloud.customEnvironment`, used when environment is 'custom'
 */
export function resolveCloud(environment: string | undefined, custom: CustomEnvironmentSetting | undefined): CloudConfig {
    switch ((environment ?? '').trim()) {
        case '':
        case 'AzureCloud':
            return azureCloud;
        case 'ChinaCloud':
            return chinaCloud;
        case 'USGovernment':
            return usGovernment;
        case 'custom':
            return resolveCustom(custom);
        default:
            throw new CloudConfigError(
                `Unknown cloud "${environment}" in setting microsoft-sovereign-cloud.environment. Use ChinaCloud, USGovernment, custom, or leave it empty for Azure.`,
            );
    }
}

function resolveCustom(custom: CustomEnvironmentSetting | undefined): CloudConfig {
    const arm = custom?.resourceManagerEndpointUrl;
    const aad = custom?.activeDirectoryEndpointUrl;
    if (!arm || !aad) {
        throw new CloudConfigError(
            'The custom cloud needs resourceManagerEndpointUrl and activeDirectoryEndpointUrl in setting microsoft-sovereign-cloud.customEnvironment.',
        );
    }
    const audience = trim(custom.activeDirectoryResourceId ?? arm);
    return {
        name: custom.name ?? 'custom',
        resourceManagerEndpoint: trim(arm),
        activeDirectoryEndpoint: trim(aad),
        armScope: `${audience}/.default`,
        portalUrl: trim(custom.portalUrl ?? arm),
        publicIpDnsSuffix: custom.publicIpDnsSuffix ?? azureCloud.publicIpDnsSuffix,
        isCustom: true,
    };
}
