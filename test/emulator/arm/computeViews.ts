/**
 * What Microsoft.Compute returns for VMs, their instance views, extensions and disks. Shapes follow
 * test/emulator/contract/examples/Microsoft.Compute/2026-03-01 (VirtualMachines_Get, _InstanceView,
 * VirtualMachineExtensions_*). Never returned, as in real ARM: osProfile.customData,
 * osProfile.adminPassword, extension protectedSettings; userData only with $expand=userData.
 */
import type { EmulatorCore, ExtensionHookInfo, VmHookInfo } from '../core';
import { inboundAllowed } from './inboundRules';
import type { ArmState, PowerState, ResourceRecord } from '../state';
import { types } from '../state';
import type { Json, JsonObject } from '../util';
import { arr, obj, str } from '../util';

const powerDisplay: Record<PowerState, string> = {
    starting: 'VM starting',
    running: 'VM running',
    stopping: 'VM stopping',
    stopped: 'VM stopped',
    deallocating: 'VM deallocating',
    deallocated: 'VM deallocated',
};

export function provisioningStatus(record: ResourceRecord, failureCode?: string): JsonObject {
    const state = String(record.properties.provisioningState ?? 'Succeeded');
    const time = record.createdAt.toISOString();
    if (state === 'Failed') {
        return {
            code: `ProvisioningState/failed/${failureCode ?? 'InternalExecutionError'}`,
            level: 'Error',
            displayStatus: 'Provisioning failed',
            time,
        };
    }
    return {
        code: `ProvisioningState/${state.toLowerCase()}`,
        level: 'Info',
        displayStatus: state === 'Succeeded' ? 'Provisioning succeeded' : state,
        time,
    };
}

export function extensionsOf(state: ArmState, vm: ResourceRecord): ResourceRecord[] {
    return state.children(vm.id, types.extension).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

function handlerType(ext: ResourceRecord): string {
    return `${str(ext.properties.publisher) ?? ''}.${str(ext.properties.type) ?? ''}`;
}

export function extensionInstanceView(ext: ResourceRecord): JsonObject {
    const view: JsonObject = {
        name: ext.name,
        type: handlerType(ext),
        typeHandlerVersion: str(ext.properties.typeHandlerVersion) ?? '',
        statuses: [{ ...provisioningStatus(ext, 'VMExtensionProvisioningError'), message: extensionMessage(ext) }],
    };
    if (/customscript/i.test(String(ext.properties.type))) {
        // The Linux extension reports the tail of each stream (4 KB), as on Azure.
        const output = { StdOut: ext.output?.stdout ?? '', StdErr: ext.output?.stderr ?? '' };
        view.substatuses = (['StdOut', 'StdErr'] as const).map((stream) => ({
            code: `ComponentStatus/${stream}/succeeded`,
            level: 'Info',
            displayStatus: 'Provisioning succeeded',
            message: output[stream].slice(-4096),
        }));
    }
    return view;
}

function extensionMessage(ext: ResourceRecord): string {
    const state = ext.properties.provisioningState;
    return state === 'Succeeded' ? 'Enable succeeded' : state === 'Failed' ? 'Enable failed' : 'Transitioning';
}

export function extensionView(ext: ResourceRecord, expandInstanceView = false): JsonObject {
    const properties: JsonObject = structuredClone(ext.properties);
    if (expandInstanceView) {
        properties.instanceView = extensionInstanceView(ext);
    }
    const view: JsonObject = {
        name: ext.name,
        id: ext.id,
        type: types.extension,
        location: ext.location,
        properties,
    };
    if (Object.keys(ext.tags).length) {
        view.tags = { ...ext.tags };
    }
    return view;
}

export function vmInstanceView(state: ArmState, vm: ResourceRecord): JsonObject {
    const power: PowerState = vm.powerState ?? 'running';
    const exts = extensionsOf(state, vm);
    const osProfile = obj(vm.properties.osProfile);
    const osDisk = obj(obj(vm.properties.storageProfile)?.osDisk);
    const failedExt = exts.find((e) => e.properties.provisioningState === 'Failed');
    const view: JsonObject = {
        platformUpdateDomain: 0,
        platformFaultDomain: 0,
    };
    const guestUp = power === 'running' || power === 'stopping';
    if (guestUp) {
        const linux = str(osDisk?.osType) !== 'Windows';
        view.computerName = str(osProfile?.computerName) ?? vm.name;
        view.osName = linux ? 'ubuntu' : 'Windows Server 2022 Datacenter';
        view.osVersion = linux ? '24.04' : '10.0.20348';
        view.vmAgent = {
            vmAgentVersion: '2.12.0.2',
            statuses: [{
                code: 'ProvisioningState/succeeded',
                level: 'Info',
                displayStatus: 'Ready',
                message: 'Guest Agent is running',
                time: new Date().toISOString(),
            }],
            extensionHandlers: exts.map((e) => ({
                type: handlerType(e),
                typeHandlerVersion: str(e.properties.typeHandlerVersion) ?? '',
                status: { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready' },
            })),
        };
    }
    view.disks = osDisk ? [{
        name: str(osDisk.name) ?? `${vm.name}_OsDisk`,
        statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: vm.createdAt.toISOString() }],
    }] : [];
    if (guestUp) {
        view.extensions = exts.map(extensionInstanceView);
    }
    view.hyperVGeneration = 'V2';
    view.isVMInStandbyPool = false;
    view.statuses = [
        provisioningStatus(vm, failedExt ? 'VMExtensionProvisioningError' : undefined),
        { code: `PowerState/${power}`, level: 'Info', displayStatus: powerDisplay[power] },
    ];
    return view;
}

export interface VmViewOptions { instanceView?: boolean; userData?: boolean }

export function vmView(state: ArmState, vm: ResourceRecord, opts: VmViewOptions = {}): JsonObject {
    const properties: JsonObject = structuredClone(vm.properties);
    properties.vmId = vm.vmId ?? '';
    properties.timeCreated = vm.createdAt.toISOString();
    if (opts.instanceView) {
        properties.instanceView = vmInstanceView(state, vm);
    }
    if (opts.userData && vm.userData !== undefined) {
        properties.userData = vm.userData;
    }
    const view: JsonObject = {
        name: vm.name,
        id: vm.id,
        type: types.vm,
        location: vm.location,
    };
    if (Object.keys(vm.tags).length) {
        view.tags = { ...vm.tags };
    }
    view.etag = vm.etag;
    view.properties = properties;
    const exts = extensionsOf(state, vm);
    if (exts.length) {
        view.resources = exts.map((e) => extensionView(e));
    }
    return view;
}

/** `$statusOnly=true` lists: identity and the instance view only (the model is not included). */
export function vmStatusOnlyView(state: ArmState, vm: ResourceRecord): JsonObject {
    return {
        name: vm.name,
        id: vm.id,
        type: types.vm,
        location: vm.location,
        properties: { instanceView: vmInstanceView(state, vm) },
    };
}

export function diskView(disk: ResourceRecord): JsonObject {
    const view: JsonObject = {
        name: disk.name,
        id: disk.id,
        type: types.disk,
        location: disk.location,
    };
    if (Object.keys(disk.tags).length) {
        view.tags = { ...disk.tags };
    }
    if (disk.sku) {
        view.sku = structuredClone(disk.sku);
    }
    const managedBy = str(disk.properties.managedByVm);
    if (managedBy) {
        view.managedBy = managedBy;
    }
    const properties: JsonObject = structuredClone(disk.properties);
    delete properties.managedByVm;
    properties.diskState = managedBy ? 'Attached' : 'Unattached';
    properties.timeCreated = disk.createdAt.toISOString();
    view.properties = properties;
    return view;
}

export function vmHookInfo(core: EmulatorCore, vm: ResourceRecord): VmHookInfo {
    const osProfile = obj(vm.properties.osProfile);
    return {
        id: vm.id,
        name: vm.name,
        subscriptionId: vm.subscriptionId,
        resourceGroup: vm.resourceGroup,
        location: vm.location,
        tags: { ...vm.tags },
        computerName: str(osProfile?.computerName),
        adminUsername: str(osProfile?.adminUsername),
        customData: vm.customData,
        sshPublicKeys: arr(obj(obj(osProfile?.linuxConfiguration)?.ssh)?.publicKeys)
            .map((k) => ({ path: str(obj(k)?.path) ?? '', keyData: str(obj(k)?.keyData) ?? '' })),
        inboundAllowed: (port, protocol) => inboundAllowed(core.state, vm.id, { sourceIp: core.callerPublicIp, port, protocol }),
    };
}

export function extensionHookInfo(ext: ResourceRecord): ExtensionHookInfo {
    const settings: Json | undefined = ext.properties.settings;
    return {
        id: ext.id,
        name: ext.name,
        publisher: str(ext.properties.publisher) ?? '',
        type: str(ext.properties.type) ?? '',
        typeHandlerVersion: str(ext.properties.typeHandlerVersion) ?? '',
        settings: settings === undefined ? undefined : structuredClone(settings),
    };
}
