/**
 * VM extensions: list, get (`$expand=instanceView`), createOrUpdate and delete, as LROs.
 * A `Microsoft.Azure.Extensions/CustomScript` PUT calls the `onSetupExtension` hook (with the
 * protected settings, which ARM itself never returns); if it throws, the operation ends Failed with
 * VMExtensionProvisioningError and the VM's provisioningState becomes Failed, as on real Azure.
 */
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ResourceRecord } from '../state';
import { types } from '../state';
import type { Json, JsonObject } from '../util';
import { arr, obj, str } from '../util';
import {
    beginAccepted, beginPut, bodyObject, ensureNotBusy, list, propertiesOf, refId, requireResource,
    requireResourceGroup, tagsOf,
} from './common';
import { extensionHookInfo, extensionView, extensionsOf, vmHookInfo } from './computeViews';
import { ArmError, armErrors } from './errors';
import type { Router } from './router';
import { vmPath } from './compute';
import type { PublicIpInfo } from '../core';

function requireVm(ctx: Ctx, forWrite: boolean): ResourceRecord {
    const { subscriptionId, resourceGroupName, vmName } = ctx.params;
    requireResourceGroup(ctx, subscriptionId, resourceGroupName, forWrite);
    const vm = ctx.core.state.get(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Compute/virtualMachines/${vmName}`);
    if (!vm) {
        throw armErrors.parentResourceNotFound('Microsoft.Compute/virtualMachines', vmName);
    }
    return vm;
}

/** Extensions can be changed only on a provisioned, running VM. */
function checkVmAcceptsExtensions(vm: ResourceRecord): void {
    if (vm.powerState !== 'running') {
        throw new ArmError(409, 'OperationNotAllowed', 'Cannot modify extensions in the VM when the VM is not running.');
    }
    if (vm.busyWith) {
        // Approximate wording.
        throw new ArmError(409, 'OperationNotAllowed',
            `Cannot modify extensions in the VM '${vm.name}' while another operation on it is in progress (provisioningState '${String(vm.properties.provisioningState)}').`);
    }
}

export function primaryPublicIp(ctx: Ctx, vm: ResourceRecord): PublicIpInfo | undefined {
    const state = ctx.core.state;
    const nics = arr(obj(vm.properties.networkProfile)?.networkInterfaces);
    const primary = nics.find((n) => obj(obj(n)?.properties)?.primary === true) ?? nics[0];
    const nic = state.get(refId(primary) ?? '');
    for (const ipConfig of arr(nic?.properties.ipConfigurations)) {
        const properties = obj(obj(ipConfig)?.properties);
        const pip = state.get(refId(properties?.publicIPAddress) ?? '');
        if (pip?.ipAddress) {
            const fqdn = str(obj(pip.properties.dnsSettings)?.fqdn);
            return { id: pip.id, ipAddress: pip.ipAddress, fqdn, privateIpAddress: str(properties?.privateIPAddress) };
        }
    }
    return undefined;
}

function isCustomScript(properties: JsonObject): boolean {
    return str(properties.publisher)?.toLowerCase() === 'microsoft.azure.extensions'
        && str(properties.type)?.toLowerCase() === 'customscript';
}

function putExtension(ctx: Ctx): Reply {
    const vm = requireVm(ctx, true);
    checkVmAcceptsExtensions(vm);
    const state = ctx.core.state;
    const body = bodyObject(ctx);
    const name = ctx.params.vmExtensionName;
    const id = `${vm.id}/extensions/${name}`;
    const existing = state.get(id);
    ensureNotBusy(existing);
    const props = propertiesOf(body);
    for (const required of ['publisher', 'type', 'typeHandlerVersion']) {
        if (typeof props[required] !== 'string' || props[required] === '') {
            throw armErrors.invalidParameter(`Required parameter '${required}' is missing (null).`, required);
        }
    }
    if (!/^\d+\.\d+$/.test(String(props.typeHandlerVersion))) {
        throw armErrors.invalidParameter(`The value '${String(props.typeHandlerVersion)}' of parameter 'typeHandlerVersion' is invalid.`, 'typeHandlerVersion');
    }
    const handler = `${String(props.publisher)}.${String(props.type)}`.toLowerCase();
    const twin = extensionsOf(state, vm).find((e) => e.id.toLowerCase() !== id.toLowerCase()
        && `${String(e.properties.publisher)}.${String(e.properties.type)}`.toLowerCase() === handler);
    if (twin) {
        throw new ArmError(409, 'OperationNotAllowed',
            `Multiple VMExtensions per handler not supported for OS type 'Linux'. VMExtension '${twin.name}' with handler '${String(props.publisher)}.${String(props.type)}' already added or specified in input.`);
    }
    const protectedSettings: Json | undefined = props.protectedSettings;
    delete props.protectedSettings;
    delete props.provisioningState;
    delete props.instanceView;
    props.autoUpgradeMinorVersion ??= false;
    props.settings ??= {};
    const record: ResourceRecord = existing ?? {
        id,
        name,
        type: types.extension,
        subscriptionId: vm.subscriptionId,
        resourceGroup: vm.resourceGroup,
        location: vm.location,
        tags: {},
        properties: {},
        etag: '"1"',
        createdAt: new Date(),
    };
    record.properties = props;
    record.tags = tagsOf(body);
    if (protectedSettings !== undefined) {
        record.protectedSettings = protectedSettings;
    }
    state.put(record);
    const hook = ctx.core.hooks.onSetupExtension;
    const runsHook = hook !== undefined && isCustomScript(props);
    return beginPut(ctx, {
        record,
        created: !existing,
        kind: 'virtualMachineExtension',
        view: () => extensionView(record),
        run: runsHook ? async () => {
            try {
                const output = await hook(vmHookInfo(ctx.core, vm), primaryPublicIp(ctx, vm), record.protectedSettings, extensionHookInfo(record));
                record.output = output ?? undefined;
            } catch (e) {
                const message = e instanceof Error ? e.message : String(e);
                throw new ArmError(400, 'VMExtensionProvisioningError',
                    `VM has reported a failure when processing extension '${name}' (publisher '${String(props.publisher)}' and type '${String(props.type)}'). Error message: '${message}'. More information on troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot.`);
            }
        } : undefined,
        commit: () => {
            if (runsHook) {
                vm.hookBacked = true;
            }
            if (vm.properties.provisioningState === 'Failed' && !extensionsOf(state, vm).some((e) => e.properties.provisioningState === 'Failed')) {
                vm.properties.provisioningState = 'Succeeded';
            }
        },
        onFailed: () => {
            if (state.get(vm.id) === vm && !vm.busyWith) {
                vm.properties.provisioningState = 'Failed';
            }
        },
    });
}

function deleteExtension(ctx: Ctx): Reply {
    const vm = requireVm(ctx, true);
    const ext = ctx.core.state.get(`${vm.id}/extensions/${ctx.params.vmExtensionName}`);
    if (!ext) {
        return { status: 204 };
    }
    checkVmAcceptsExtensions(vm);
    ensureNotBusy(ext);
    return beginAccepted(ctx, {
        record: ext,
        kind: 'virtualMachineExtension',
        description: `DELETE ${ext.id}`,
        transient: 'Deleting',
        commit: () => void ctx.core.state.remove(ext.id),
    });
}

export function registerVmExtensions(router: Router): void {
    const extPath = `${vmPath}/extensions/{vmExtensionName}`;
    router.add('GET', `${vmPath}/extensions`, (ctx) => {
        const vm = requireVm(ctx, false);
        const expand = (ctx.url.searchParams.get('$expand') ?? '').toLowerCase().includes('instanceview');
        return list(extensionsOf(ctx.core.state, vm).map((e) => extensionView(e, expand)));
    });
    router.add('GET', extPath, (ctx) => {
        requireVm(ctx, false);
        const ext = requireResource(ctx, types.extension, ctx.params.vmName, ctx.params.vmExtensionName);
        const expand = (ctx.url.searchParams.get('$expand') ?? '').toLowerCase().includes('instanceview');
        return { status: 200, body: extensionView(ext, expand) };
    });
    router.add('PUT', extPath, putExtension);
    router.add('DELETE', extPath, deleteExtension);
}
