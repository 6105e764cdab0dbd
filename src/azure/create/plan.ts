import type { AutoShutdown } from '../autoShutdown/schedule';
import type { SourceAddress } from './parseSourceAddress';

export interface ImageChoice {
    readonly label: string;
    readonly publisher: string;
    readonly offer: string;
    readonly sku: string;
    readonly version: string;
}

/** Ubuntu Server LTS images; the first is the default. */
export const ubuntuImages: readonly ImageChoice[] = [
    { label: 'Ubuntu Server 24.04 LTS', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    { label: 'Ubuntu Server 22.04 LTS', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
];

export const defaultVmSize = 'Standard_B2s';
export const defaultAdminUser = 'azureuser';

/** How the extension reaches a host's engine. */
export type EngineAccess = 'tls' | 'ssh';

/** Everything one Create Docker Host run needs, decided before anything is created. */
export interface CreateHostPlan {
    readonly subscriptionId: string;
    readonly name: string;
    readonly location: string;
    readonly vmSize: string;
    readonly image: ImageChoice;
    readonly adminUser: string;
    readonly sshPublicKey: string;
    readonly tlsPort: number;
    /** TLS on tlsPort, or SSH only: the engine on its unix socket, reached over SSH, and no Docker port open. Default TLS. */
    readonly engineAccess?: EngineAccess;
    readonly source: SourceAddress;
    readonly resourceGroup: string;
    readonly createResourceGroup: boolean;
    /** The id of this run, in every resource's tags. */
    readonly provisioningId: string;
    /** A daily auto-shutdown made with the host (advanced mode), carrying the run's tags. */
    readonly autoShutdown?: AutoShutdown;
    /** A node of a swarm: tagged with the swarm's name, and on the swarm's network instead of one of its own. */
    readonly swarm?: { readonly name: string; readonly network?: SharedNetwork };
}

/** A swarm's virtual network and NSG, made once by its run and used by every node's NIC. */
export interface SharedNetwork {
    readonly subnetId: string;
    readonly networkSecurityGroupId: string;
}

/** The names of the resources a plan creates, derived from the host name. */
export function resourceNames(plan: Pick<CreateHostPlan, 'name'>) {
    return {
        virtualNetwork: `${plan.name}-vnet`,
        subnet: 'default',
        networkSecurityGroup: `${plan.name}-nsg`,
        publicIPAddress: `${plan.name}-ip`,
        networkInterface: `${plan.name}-nic`,
        osDisk: `${plan.name}-osdisk`,
        extension: 'docker-tls-setup',
    };
}
