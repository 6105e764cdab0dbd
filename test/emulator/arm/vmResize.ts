/**
 * Changing a VM's size. An allocated VM sits on a hardware cluster that offers some sizes (here: the
 * sizes of its current family); another size needs the VM deallocated first, and Azure refuses the
 * change otherwise. VirtualMachines_ListAvailableSizes answers what the VM can change to now.
 */
import type { ResourceRecord, SubscriptionRecord } from '../state';
import type { JsonObject } from '../util';
import { obj, str } from '../util';
import { findSku, skuRestriction, vmSkus, type VmSku } from './computeSkus';
import { armErrors } from './errors';

function allocated(vm: ResourceRecord): boolean {
    return vm.powerState !== 'deallocated' && vm.powerState !== 'deallocating';
}

/** The sizes the VM can take without being deallocated (all unrestricted ones once it is). */
export function availableSizes(sub: SubscriptionRecord, vm: ResourceRecord): VmSku[] {
    const family = findSku(str(obj(vm.properties.hardwareProfile)?.vmSize) ?? '')?.family;
    return vmSkus.filter((s) => !skuRestriction(sub, s.name, vm.location) && (!allocated(vm) || s.family === family));
}

export function sizeView(s: VmSku): JsonObject {
    return { name: s.name, numberOfCores: s.vCPUs, osDiskSizeInMB: 1047552, resourceDiskSizeInMB: s.resourceDiskMB, memoryInMB: s.memoryGB * 1024, maxDataDiskCount: s.maxDataDisks };
}

/**
 * What a PUT with `size` does to an existing VM: nothing, a change while deallocated, or a restart
 * of a running VM. A size its cluster does not offer is refused (wording approximate).
 */
export function checkResize(vm: ResourceRecord, size: string): 'none' | 'change' | 'restart' {
    const current = str(obj(vm.properties.hardwareProfile)?.vmSize) ?? '';
    if (current.toLowerCase() === size.toLowerCase()) {
        return 'none';
    }
    if (!allocated(vm)) {
        return 'change';
    }
    const family = findSku(current)?.family;
    if (findSku(size)?.family !== family) {
        const offered = vmSkus.filter((s) => s.family === family).map((s) => s.name).join(',');
        throw armErrors.operationNotAllowed(`Unable to resize the VM '${vm.name}' because the requested size ${size} is not available in the current hardware cluster. The available sizes in this cluster are: ${offered}. Read more on VM resizing strategy at https://aka.ms/azure-resizevm.`);
    }
    return vm.powerState === 'running' ? 'restart' : 'change';
}
