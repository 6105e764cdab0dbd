import type { VirtualMachine } from '@azure/arm-compute';
import type { NetworkInterface, PublicIPAddress } from '@azure/arm-network';
import type { ArmClients } from './armClients';
import type { DockerHost } from '../host/dockerHost';
import { powerStateOf } from '../host/powerState';
import { parseResourceId, sameId } from './resourceId';
import { defaultDockerTlsPort, dockerTag, parseDockerTag } from './tags';

/** How a VM's Docker engine is reached, or undefined when the VM is not a Docker host. An SSH-only host keeps the default TLS port for a switch back. */
export function dockerPortOf(vm: Pick<VirtualMachine, 'tags' | 'resources'>): { port: number; access: 'tls' | 'ssh'; legacy: boolean } | undefined {
    const tagged = parseDockerTag(vm.tags?.[dockerTag]);
    if (tagged !== undefined) {
        return { port: tagged.access === 'tls' ? tagged.port : defaultDockerTlsPort, access: tagged.access, legacy: false };
    }
    return vm.resources?.some(isLegacyDockerExtension) ? { port: defaultDockerTlsPort, access: 'tls', legacy: true } : undefined;
}

function isLegacyDockerExtension(ext: { id?: string; name?: string; publisher?: string; typePropertiesType?: string }): boolean {
    if (ext.typePropertiesType) {
        return ext.typePropertiesType === 'DockerExtension' && (ext.publisher ?? 'Microsoft.Azure.Extensions') === 'Microsoft.Azure.Extensions';
    }
    // List responses may carry only the id; the retired extension was always installed under its own name.
    const name = ext.name ?? ext.id?.split('/').pop();
    return name?.toLowerCase() === 'dockerextension';
}

function imageOf(vm: VirtualMachine): string {
    const ref = vm.storageProfile?.imageReference;
    if (!ref) {
        return 'unknown image';
    }
    return ref.offer ? `${ref.publisher}:${ref.offer}:${ref.sku}:${ref.version ?? 'latest'}` : (ref.id ?? 'custom image');
}

/** One VM as a Docker host row, or undefined when it is not one. `pip` is the public IP of its NIC. */
export function toDockerHost(vm: VirtualMachine, pip: Pick<PublicIPAddress, 'ipAddress' | 'dnsSettings'> | undefined): DockerHost | undefined {
    const docker = dockerPortOf(vm);
    if (!docker || !vm.id || !vm.name) {
        return undefined;
    }
    const id = parseResourceId(vm.id);
    return {
        id: vm.id,
        name: vm.name,
        subscriptionId: id.subscriptionId,
        resourceGroup: id.resourceGroup,
        location: vm.location,
        size: vm.hardwareProfile?.vmSize ?? 'unknown size',
        image: imageOf(vm),
        powerState: powerStateOf(vm.instanceView?.statuses),
        fqdn: pip?.dnsSettings?.fqdn || undefined,
        publicIp: pip?.ipAddress || undefined,
        tlsPort: docker.port,
        engineAccess: docker.access,
        legacy: docker.legacy,
        tags: vm.tags ?? {},
    };
}

export function byName(a: DockerHost, b: DockerHost): number {
    return a.name.localeCompare(b.name);
}

/** Joins VMs to their NIC's public IP and keeps only the Docker hosts. Pure: the tree's rules live here. */
export function toDockerHosts(vms: readonly VirtualMachine[], nics: readonly NetworkInterface[], pips: readonly PublicIPAddress[]): DockerHost[] {
    const hosts: DockerHost[] = [];
    for (const vm of vms) {
        const nicIds = vm.networkProfile?.networkInterfaces?.map((n) => n.id) ?? [];
        const nic = nics.find((n) => nicIds.some((id) => sameId(id, n.id)));
        const pipId = nic?.ipConfigurations?.find((c) => c.publicIPAddress?.id)?.publicIPAddress?.id;
        const host = toDockerHost(vm, pips.find((p) => sameId(p.id, pipId)));
        if (host) {
            hosts.push(host);
        }
    }
    return hosts.sort(byName);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const item of items) {
        all.push(item);
    }
    return all;
}

/** Adds each VM's instance view from a statusOnly list, which may carry nothing else (no tags, no profiles). */
export function withInstanceViews(vms: readonly VirtualMachine[], statuses: readonly VirtualMachine[]): VirtualMachine[] {
    return vms.map((vm) => {
        const status = statuses.find((s) => sameId(s.id, vm.id));
        return status?.instanceView ? { ...vm, instanceView: status.instanceView } : vm;
    });
}

/**
 * Lists one subscription's Docker hosts with four list calls made at once: VMs (tags, profiles,
 * extensions), their instance views (statusOnly), NICs and public IPs. No call per VM.
 */
export async function listDockerHosts(clients: ArmClients, signal?: AbortSignal): Promise<DockerHost[]> {
    const options = { abortSignal: signal };
    const [vms, statuses, nics, pips] = await Promise.all([
        collect(clients.compute.virtualMachines.listAll(options)),
        collect(clients.compute.virtualMachines.listAll({ ...options, statusOnly: 'true' })),
        collect(clients.network.networkInterfaces.listAll(options)),
        collect(clients.network.publicIPAddresses.listAll(options)),
    ]);
    return toDockerHosts(withInstanceViews(vms, statuses), nics, pips);
}
