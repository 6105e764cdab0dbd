/** The Azure Container Registries of a subscription, through ARM (Microsoft.ContainerRegistry/registries). */
import type { ArmClients } from './armClients';
import { parseResourceId } from './resourceId';

export interface AzureRegistry {
    readonly id: string;
    readonly name: string;
    readonly subscriptionId: string;
    readonly resourceGroup: string;
    readonly location: string;
    /** host[:port]: the registry part of its image names, e.g. contoso.azurecr.io. */
    readonly loginServer: string;
}

export async function listAzureRegistries(clients: ArmClients, subscriptionId: string): Promise<AzureRegistry[]> {
    const registries: AzureRegistry[] = [];
    for await (const r of clients.containerRegistry.registries.list()) {
        if (!r.id || !r.name || !r.loginServer) {
            continue;
        }
        registries.push({
            id: r.id, name: r.name, subscriptionId, resourceGroup: parseResourceId(r.id).resourceGroup,
            location: r.location ?? '', loginServer: r.loginServer.toLowerCase(),
        });
    }
    return registries.sort((a, b) => a.name.localeCompare(b.name));
}
