import type { VirtualMachine } from '@azure/arm-compute';
import { dockerPortOf, withInstanceViews } from '../discovery';
import { powerStateOf, type PowerState } from '../../host/powerState';
import { parseResourceId } from '../resourceId';
import { actionRefused, azureActionError, getIfExists, type LifecycleDeps } from './lifecycleDeps';

/** What adopting a VM works with, read from Azure before anything is changed. */
export interface AdoptionTarget {
    readonly vmId: string;
    readonly name: string;
    readonly resourceGroup: string;
    readonly location: string;
    readonly adminUser: string;
    readonly nicId: string;
    readonly privateIp?: string;
    readonly publicIp: string;
    readonly fqdn?: string;
    readonly nicNsgId?: string;
    readonly subnetNsgId?: string;
}

export interface AdoptableVm {
    readonly id: string;
    readonly name: string;
    readonly resourceGroup: string;
    readonly location: string;
    readonly powerState: PowerState;
}

function isLinux(vm: VirtualMachine): boolean {
    const osType = vm.storageProfile?.osDisk?.osType;
    return osType ? osType === 'Linux' : !!vm.osProfile?.linuxConfiguration;
}

function customScriptOf(vm: VirtualMachine): string | undefined {
    const ext = vm.resources?.find((e) => e.publisher === 'Microsoft.Azure.Extensions' && e.typePropertiesType === 'CustomScript');
    return ext ? (ext.name ?? ext.id?.split('/').pop() ?? 'CustomScript') : undefined;
}

/** The subscription's Linux VMs that are not Docker hosts yet, for the picker. */
export async function listAdoptableVms(deps: LifecycleDeps, signal?: AbortSignal): Promise<AdoptableVm[]> {
    const collect = async <T>(items: AsyncIterable<T>) => {
        const all: T[] = [];
        for await (const item of items) {
            all.push(item);
        }
        return all;
    };
    try {
        const vms = deps.clients.compute.virtualMachines;
        const [all, statuses] = await Promise.all([collect(vms.listAll({ abortSignal: signal })), collect(vms.listAll({ abortSignal: signal, statusOnly: 'true' }))]);
        return withInstanceViews(all, statuses)
            .filter((vm) => vm.id && vm.name && isLinux(vm) && !dockerPortOf(vm))
            .map((vm) => ({ id: vm.id!, name: vm.name!, resourceGroup: parseResourceId(vm.id!).resourceGroup, location: vm.location, powerState: powerStateOf(vm.instanceView?.statuses) }))
            .sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
        throw azureActionError(error, 'listing the VMs that could become Docker hosts', deps);
    }
}

/**
 * Reads the VM, its primary NIC, public IP and NSGs, and refuses (with cause and fix) a VM that
 * cannot be adopted: not Linux, already a host, not running, without a public IP, or already
 * running another Custom Script extension (Linux VMs allow only one).
 */
export async function inspectVmForAdoption(deps: LifecycleDeps, vmId: string, signal?: AbortSignal): Promise<AdoptionTarget> {
    const { resourceGroup, name } = parseResourceId(vmId);
    const { compute, network } = deps.clients;
    const opts = { abortSignal: signal };
    let target: AdoptionTarget;
    try {
        const vm = await compute.virtualMachines.get(resourceGroup, name, { ...opts, expand: 'instanceView' });
        if (!isLinux(vm)) {
            throw actionRefused(`${name} is not a Linux VM; the Docker setup runs on Linux (Ubuntu or Debian).`, 'Pick a Linux VM.');
        }
        if (dockerPortOf(vm)) {
            throw actionRefused(`${name} is already a Docker host.`, 'Pick a VM that is not in the Docker hosts tree yet, or use "Rotate TLS Certificates" on this one.');
        }
        const power = powerStateOf(vm.instanceView?.statuses);
        if (power !== 'running') {
            throw actionRefused(`${name} is ${power}, and Azure runs VM extensions only on a running VM.`, 'Start the VM, then try again.');
        }
        const script = customScriptOf(vm);
        if (script) {
            throw actionRefused(`${name} already has a Custom Script extension ("${script}"), and a Linux VM can run only one.`, `Remove that extension (az vm extension delete -g ${resourceGroup} --vm-name ${name} -n ${script}), then try again.`);
        }
        const refs = vm.networkProfile?.networkInterfaces ?? [];
        const nicRef = refs.find((n) => n.primary) ?? refs[0];
        if (!nicRef?.id) {
            throw actionRefused(`${name} has no network interface.`, 'Attach a network interface with a public IP address, then try again.');
        }
        const nicName = parseResourceId(nicRef.id);
        const nic = await network.networkInterfaces.get(nicName.resourceGroup, nicName.name, opts);
        const config = nic.ipConfigurations?.find((c) => c.primary) ?? nic.ipConfigurations?.[0];
        const pipRef = nic.ipConfigurations?.find((c) => c.publicIPAddress?.id)?.publicIPAddress?.id;
        const pip = pipRef ? await getIfExists(() => network.publicIPAddresses.get(parseResourceId(pipRef).resourceGroup, parseResourceId(pipRef).name, opts)) : undefined;
        if (!pip?.ipAddress) {
            throw actionRefused(`${name} has no public IP address, so its Docker engine could not be reached from this machine.`, 'Associate a static public IP address with its network interface, then try again.');
        }
        let subnetNsgId: string | undefined;
        const subnetId = config?.subnet?.id;
        const subnetPath = subnetId ? /\/virtualNetworks\/([^/]+)\/subnets\/([^/]+)$/i.exec(subnetId) : null;
        if (subnetId && subnetPath) {
            const subnet = await getIfExists(() => network.subnets.get(parseResourceId(subnetId).resourceGroup, subnetPath[1], subnetPath[2], opts));
            subnetNsgId = subnet?.networkSecurityGroup?.id;
        }
        target = {
            vmId: vm.id ?? vmId,
            name,
            resourceGroup,
            location: vm.location,
            adminUser: vm.osProfile?.adminUsername ?? 'azureuser',
            nicId: nic.id ?? nicRef.id,
            privateIp: config?.privateIPAddress,
            publicIp: pip.ipAddress,
            fqdn: pip.dnsSettings?.fqdn,
            nicNsgId: nic.networkSecurityGroup?.id,
            subnetNsgId,
        };
    } catch (error) {
        throw azureActionError(error, `reading VM ${name} to enable Docker on it`, deps);
    }
    return target;
}
