/**
 * Microsoft.Compute virtual machines and managed disks: list (per resource group), listAll
 * (`statusOnly=true`, `$expand=instanceView`), get (`$expand=instanceView|userData`), instanceView,
 * createOrUpdate (LRO), and the OS disk a VM creates. Delete and power actions: vmPower.ts.
 */
import type { Ctx } from '../core';
import { query } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord } from '../state';
import { resourceId, types } from '../state';
import type { JsonObject } from '../util';
import { arr, guid, obj, str } from '../util';
import {
    beginAccepted, beginPut, bodyObject, ensureNotBusy, list, locationOf, propertiesOf, requireResource,
    refuseUpdateIfNoneMatch, requireResourceGroup, requireSubscription, tagsOf,
} from './common';
import { diskView, vmInstanceView, vmStatusOnlyView, vmView } from './computeViews';
import { ArmError, armErrors } from './errors';
import type { Router } from './router';
import { checkImage, checkNics, checkOsProfile, checkQuota, checkSize, osTypeOf } from './vmValidation';
import { callPowerHook, registerVmPower } from './vmPower';
import { availableSizes, checkResize, sizeView } from './vmResize';

export const vmPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}';

function expand(ctx: Ctx): { instanceView: boolean; userData: boolean } {
    const e = (query(ctx, '$expand') ?? '').toLowerCase();
    return { instanceView: e.includes('instanceview'), userData: e.includes('userdata') };
}

function storageProfile(
    ctx: Ctx, vmName: string, incoming: JsonObject, existing: ResourceRecord | undefined, osType: 'Linux' | 'Windows',
): { profile: JsonObject; diskId: string } {
    const { subscriptionId, resourceGroupName } = ctx.params;
    if (existing) {
        const profile = obj(existing.properties.storageProfile) ?? {};
        const diskId = str(obj(obj(profile.osDisk)?.managedDisk)?.id) ?? '';
        return { profile, diskId };
    }
    const osDisk = obj(incoming.osDisk) ?? {};
    const diskName = str(osDisk.name) ?? `${vmName}_OsDisk_1_${guid().replace(/-/g, '')}`;
    const diskId = resourceId(subscriptionId, resourceGroupName, types.disk, diskName);
    const managed = obj(osDisk.managedDisk) ?? {};
    const profile: JsonObject = {
        ...incoming,
        osDisk: {
            ...osDisk,
            osType,
            name: diskName,
            createOption: str(osDisk.createOption) ?? 'FromImage',
            caching: str(osDisk.caching) ?? 'ReadWrite',
            managedDisk: { ...managed, storageAccountType: str(managed.storageAccountType) ?? 'Premium_LRS', id: diskId },
            deleteOption: str(osDisk.deleteOption) ?? 'Detach',
            diskSizeGB: typeof osDisk.diskSizeGB === 'number' ? osDisk.diskSizeGB : 30,
        },
        dataDisks: arr(incoming.dataDisks),
    };
    return { profile, diskId };
}

function createOsDisk(ctx: Ctx, vm: ResourceRecord, diskId: string, osType: string): void {
    const osDisk = obj(obj(vm.properties.storageProfile)?.osDisk) ?? {};
    const storageType = str(obj(osDisk.managedDisk)?.storageAccountType) ?? 'Premium_LRS';
    ctx.core.state.put({
        id: diskId,
        name: diskId.split('/').pop() ?? '',
        type: types.disk,
        subscriptionId: vm.subscriptionId,
        resourceGroup: vm.resourceGroup,
        location: vm.location,
        tags: {},
        sku: { name: storageType, tier: storageType.startsWith('Premium') ? 'Premium' : 'Standard' },
        properties: {
            osType,
            hyperVGeneration: 'V2',
            creationData: { createOption: 'FromImage' },
            diskSizeGB: typeof osDisk.diskSizeGB === 'number' ? osDisk.diskSizeGB : 30,
            provisioningState: 'Succeeded',
            managedByVm: vm.id,
        },
        etag: '"1"',
        createdAt: new Date(),
    });
}

function putVm(ctx: Ctx): Reply {
    const { subscriptionId, resourceGroupName, vmName } = ctx.params;
    const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName, true);
    const sub = requireSubscription(ctx, subscriptionId, true);
    const state = ctx.core.state;
    const body = bodyObject(ctx);
    const id = resourceId(sub.subscriptionId, rg.name, types.vm, vmName);
    const existing = state.get(id);
    refuseUpdateIfNoneMatch(ctx, existing);
    ensureNotBusy(existing);
    const location = locationOf(ctx, body, types.vm, existing);
    const incoming = propertiesOf(body);
    const props: JsonObject = { ...(existing ? structuredClone(existing.properties) : {}), ...incoming };
    for (const derived of ['provisioningState', 'vmId', 'instanceView', 'timeCreated', 'userData']) {
        delete props[derived];
    }
    const userData = incoming.userData;
    if (userData !== undefined && (typeof userData !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(userData))) {
        throw armErrors.invalidParameter('User data must be in Base64 encoding.', 'userData');
    }
    const vcpus = checkSize(sub, id, location, str(obj(props.hardwareProfile)?.vmSize));
    const resize = existing ? checkResize(existing, str(obj(props.hardwareProfile)?.vmSize) ?? '') : 'none';
    const incomingStorage = obj(incoming.storageProfile) ?? {};
    if (!existing) {
        checkImage(obj(incomingStorage.imageReference));
    }
    const osType = existing
        ? osTypeOf(undefined, obj(obj(existing.properties.storageProfile)?.osDisk))
        : osTypeOf(obj(incomingStorage.imageReference), obj(incomingStorage.osDisk));
    const os = checkOsProfile(obj(incoming.osProfile), existing, vmName, osType);
    props.osProfile = os.stored;
    checkNics(ctx, id, location, str(obj(props.hardwareProfile)?.vmSize) ?? '', obj(props.networkProfile));
    if (!existing) {
        checkQuota(ctx, sub, location, vcpus);
    } else if (existing.powerState !== 'deallocated') {
        checkQuota(ctx, sub, location, vcpus, id);
    }
    const storage = storageProfile(ctx, vmName, incomingStorage, existing, osType);
    props.storageProfile = storage.profile;
    // What the 2025/2026 examples return when the request names no security type.
    props.securityProfile ??= { securityType: 'Standard' };
    const record: ResourceRecord = existing ?? {
        id,
        name: vmName,
        type: types.vm,
        subscriptionId: sub.subscriptionId,
        resourceGroup: rg.name,
        location,
        tags: {},
        properties: {},
        etag: '"0"',
        createdAt: new Date(),
        powerState: 'starting',
        vmId: guid(),
    };
    record.properties = props;
    record.tags = tagsOf(body);
    record.etag = `"${Number(record.etag.replace(/\D/g, '') || '0') + 1}"`;
    record.customData = os.customData;
    if (typeof userData === 'string') {
        record.userData = userData;
    }
    state.put(record);
    if (!existing) {
        createOsDisk(ctx, record, storage.diskId, osType);
    }
    return beginPut(ctx, {
        record,
        created: !existing,
        kind: 'virtualMachine',
        view: () => vmView(state, record),
        // A running VM changes size by restarting, as Azure's does.
        run: resize === 'restart' ? () => callPowerHook(ctx.core, record, ['stopped', 'running']) : undefined,
        commit: () => {
            if (record.powerState === 'starting') {
                record.powerState = 'running';
            }
        },
    });
}

function listAll(ctx: Ctx): Reply {
    const sub = requireSubscription(ctx, ctx.params.subscriptionId);
    const vms = ctx.core.state.ofType(types.vm, sub.subscriptionId);
    if ((query(ctx, 'statusOnly') ?? '').toLowerCase() === 'true') {
        return list(vms.map((vm) => vmStatusOnlyView(ctx.core.state, vm)));
    }
    const opts = expand(ctx);
    return list(vms.map((vm) => vmView(ctx.core.state, vm, { instanceView: opts.instanceView })));
}

function deleteDisk(ctx: Ctx): Reply {
    requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
    const disk = ctx.core.state.get(resourceId(ctx.params.subscriptionId, ctx.params.resourceGroupName, types.disk, ctx.params.diskName));
    if (!disk) {
        return { status: 204 };
    }
    ensureNotBusy(disk);
    const vm = str(disk.properties.managedByVm);
    if (vm) {
        throw new ArmError(409, 'OperationNotAllowed', `Disk ${disk.name} is attached to VM ${vm}.`);
    }
    return beginAccepted(ctx, {
        record: disk,
        kind: 'virtualMachine',
        delayMs: 0, // the latency profile has no figure for disks
        description: `DELETE ${disk.id}`,
        transient: 'Deleting',
        commit: () => void ctx.core.state.remove(disk.id),
    });
}

export function registerCompute(router: Router): void {
    const sub = '/subscriptions/{subscriptionId}';
    const rg = `${sub}/resourceGroups/{resourceGroupName}`;
    router.add('GET', `${sub}/providers/Microsoft.Compute/virtualMachines`, listAll);
    router.add('GET', `${rg}/providers/Microsoft.Compute/virtualMachines`, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        const opts = expand(ctx);
        return list(ctx.core.state.ofType(types.vm, ctx.params.subscriptionId, ctx.params.resourceGroupName)
            .map((vm) => vmView(ctx.core.state, vm, { instanceView: opts.instanceView })));
    });
    router.add('GET', vmPath, (ctx) => ({
        status: 200,
        body: vmView(ctx.core.state, requireResource(ctx, types.vm, ctx.params.vmName), expand(ctx)),
    }));
    router.add('GET', `${vmPath}/instanceView`, (ctx) => ({
        status: 200,
        body: vmInstanceView(ctx.core.state, requireResource(ctx, types.vm, ctx.params.vmName)),
    }));
    router.add('PUT', vmPath, putVm);
    router.add('GET', `${vmPath}/vmSizes`, (ctx) => {
        const vm = requireResource(ctx, types.vm, ctx.params.vmName);
        const sub = requireSubscription(ctx, ctx.params.subscriptionId);
        return list(availableSizes(sub, vm).map(sizeView));
    });
    registerVmPower(router, vmPath);

    router.add('GET', `${sub}/providers/Microsoft.Compute/disks`, (ctx) => {
        requireSubscription(ctx, ctx.params.subscriptionId);
        return list(ctx.core.state.ofType(types.disk, ctx.params.subscriptionId).map(diskView));
    });
    router.add('GET', `${rg}/providers/Microsoft.Compute/disks`, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        return list(ctx.core.state.ofType(types.disk, ctx.params.subscriptionId, ctx.params.resourceGroupName).map(diskView));
    });
    router.add('GET', `${rg}/providers/Microsoft.Compute/disks/{diskName}`, (ctx) => ({
        status: 200,
        body: diskView(requireResource(ctx, types.disk, ctx.params.diskName)),
    }));
    router.add('DELETE', `${rg}/providers/Microsoft.Compute/disks/{diskName}`, deleteDisk);
}
