export interface ParsedResourceId {
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly provider: string;
    readonly type: string;
    readonly name: string;
}

/** Splits an ARM id such as /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm. */
export function parseResourceId(id: string): ParsedResourceId {
    const parts = id.split('/').filter(Boolean);
    const at = (key: string): string => {
        const i = parts.findIndex((p) => p.toLowerCase() === key);
        if (i < 0 || i + 1 >= parts.length) {
            throw new Error(`Not an Azure resource id: ${id}`);
        }
        return parts[i + 1];
    };
    const providerIndex = parts.findIndex((p) => p.toLowerCase() === 'providers');
    return {
        subscriptionId: at('subscriptions'),
        resourceGroup: at('resourcegroups'),
        provider: providerIndex >= 0 ? parts[providerIndex + 1] : '',
        type: providerIndex >= 0 ? parts[providerIndex + 2] : '',
        name: parts[parts.length - 1],
    };
}

/** ARM ids compare case-insensitively. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
    return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
