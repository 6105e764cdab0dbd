/**
 * VM delete and power actions (start, powerOff, deallocate, restart): 202 + Location +
 * Azure-AsyncOperation. Power states move through the transitional state (starting, stopping,
 * deallocating) while the operation runs, for the profile's virtualMachine delay. A delete may
 * preempt a running create (real ARM allows it); other operations on a busy VM get 409.
 */
import type { Ctx, EmulatorCore } from '../core';
import type { Reply } from '../http';
import type { PowerState, ResourceRecord } from '../state';
import { types } from '../state';
import { arr, obj, str } from '../util';
import { beginAccepted, ensureNotBusy, findResource, refId, requireResource, requireResourceGroup, requireSubscription } from './common';
import { vmHookInfo } from './computeViews';
import { findSku } from './computeSkus';
import { ArmError } from './errors';
import type { Router } from './router';
import { checkQuota } from './vmValidation';

type Action = 'start' | 'powerOff' | 'deallocate' | 'restart';

export async function callPowerHook(core: EmulatorCore, vm: ResourceRecord, states: ('stopped' | 'running' | 'deleted')[]): Promise<void> {
    const hook = core.hooks.onVmPower;
    if (!hook || !vm.hookBacked) {
        return;
    }
    for (const s of states) {
        try {
            await hook(vmHookInfo(core, vm), s);
        } catch (e) {
            throw new ArmError(500, 'InternalExecutionError',
                `An internal execution error occurred. Please retry later. (${e instanceof Error ? e.message : String(e)})`);
        }
    }
}

function removeVm(ctx: Ctx, vm: ResourceRecord): void {
    const state = ctx.core.state;
    state.remove(vm.id);
    for (const entry of arr(obj(vm.properties.networkProfile)?.networkInterfaces)) {
        const nicId = refId(entry);
        if (nicId && str(obj(obj(entry)?.properties)?.deleteOption) === 'Delete') {
            state.remove(nicId);
        }
    }
    const osDisk = obj(obj(vm.properties.storageProfile)?.osDisk);
    const diskId = str(obj(osDisk?.managedDisk)?.id);
    const disk = diskId ? state.get(diskId) : undefined;
    if (disk) {
        if (str(osDisk?.deleteOption) === 'Delete') {
            state.remove(disk.id);
        } else {
            delete disk.properties.managedByVm;
        }
    }
}

function deleteVm(ctx: Ctx): Reply {
    const { subscriptionId, resourceGroupName, vmName } = ctx.params;
    requireResourceGroup(ctx, subscriptionId, resourceGroupName, true);
    const vm = findResource(ctx, types.vm, vmName);
    if (!vm) {
        return { status: 204 };
    }
    vm.busyWith = undefined; // preempts a running operation on it
    return beginAccepted(ctx, {
        record: vm,
        kind: 'virtualMachine',
        description: `DELETE ${vm.id}`,
        transient: 'Deleting',
        run: () => callPowerHook(ctx.core, vm, ['deleted']),
        commit: () => removeVm(ctx, vm),
    });
}

interface Transition { transient: PowerState; final: PowerState; hooks: ('stopped' | 'running')[] }

function transition(ctx: Ctx, vm: ResourceRecord, action: Action): Transition {
    const from: PowerState = vm.powerState ?? 'running';
    const same: Transition = { transient: from, final: from, hooks: [] };
    switch (action) {
        case 'start':
            if (from === 'running' || from === 'starting') {
                return same;
            }
            if (from === 'deallocated' || from === 'deallocating') {
                const sub = requireSubscription(ctx, vm.subscriptionId, true);
                const vcpus = findSku(str(obj(vm.properties.hardwareProfile)?.vmSize) ?? '')?.vCPUs ?? 0;
                checkQuota(ctx, sub, vm.location, vcpus, vm.id);
            }
            return { transient: 'starting', final: 'running', hooks: ['running'] };
        case 'powerOff':
            return from === 'stopped' || from === 'deallocated'
                ? same
                : { transient: 'stopping', final: 'stopped', hooks: ['stopped'] };
        case 'deallocate':
            return from === 'deallocated'
                ? same
                : { transient: 'deallocating', final: 'deallocated', hooks: from === 'stopped' ? [] : ['stopped'] };
        case 'restart':
            if (from !== 'running') {
                throw new ArmError(409, 'OperationNotAllowed',
                    `Operation 'restart' is not allowed on VM '${vm.name}' since the VM is ${from === 'deallocated' ? 'either deallocated or marked to be deallocated' : `in the '${from}' power state`}.`);
            }
            return { transient: 'starting', final: 'running', hooks: ['stopped', 'running'] };
    }
}

function powerAction(action: Action): (ctx: Ctx) => Reply {
    return (ctx) => {
        const vm = requireResource(ctx, types.vm, ctx.params.vmName);
        ensureNotBusy(vm);
        const from = vm.powerState ?? 'running';
        const t = transition(ctx, vm, action);
        vm.powerState = t.transient;
        return beginAccepted(ctx, {
            record: vm,
            kind: 'virtualMachine',
            description: `POST ${action} ${vm.id}`,
            transient: 'Updating',
            run: () => callPowerHook(ctx.core, vm, t.hooks),
            commit: () => {
                vm.powerState = t.final;
            },
            onFailed: () => {
                vm.powerState = from;
            },
        });
    };
}

export function registerVmPower(router: Router, vmPath: string): void {
    router.add('DELETE', vmPath, deleteVm);
    for (const action of ['start', 'powerOff', 'deallocate', 'restart'] as const) {
        router.add('POST', `${vmPath}/${action}`, powerAction(action));
    }
}

/**
 * A deallocation the platform makes on its own (an auto-shutdown schedule): no request, no
 * operation; the VM passes through deallocating as for a Stop. A VM busy with an operation is left
 * alone, as the shutdown service skips it.
 */
export async function platformDeallocate(core: EmulatorCore, vm: ResourceRecord): Promise<boolean> {
    const from = vm.powerState ?? 'running';
    if (vm.busyWith || from === 'deallocated' || from === 'deallocating') {
        return false;
    }
    vm.powerState = 'deallocating';
    try {
        await callPowerHook(core, vm, from === 'stopped' ? [] : ['stopped']);
    } catch (error) {
        vm.powerState = from;
        throw error;
    }
    vm.powerState = 'deallocated';
    return true;
}
