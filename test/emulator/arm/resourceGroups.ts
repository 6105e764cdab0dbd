/**
 * Microsoft.Resources resource groups (2025-04-01 examples): PUT is synchronous (200/201, after the
 * profile's resourceGroup delay); DELETE is 202 + Location only, and removes every resource in the
 * group. Also the generic resource lists (`/resources`, with simple tag/type filters).
 */
import type { Ctx } from '../core';
import type { Reply } from '../http';
import { sleep } from '../util';
import type { ResourceGroupRecord, ResourceRecord } from '../state';
import { resourceGroupId, types } from '../state';
import { deleteSeconds } from '../latencyProfile';
import type { ArmOperationKind } from '../latencyProfile';
import type { JsonObject } from '../util';
import { normalizeLocation } from '../util';
import { bodyObject, list, requireResourceGroup, requireSubscription, tagsOf } from './common';
import { ArmError, armErrors } from './errors';
import { OperationCanceled } from './lro';
import type { Router } from './router';
import { vmHookInfo } from './computeViews';

export function resourceGroupView(rg: ResourceGroupRecord): JsonObject {
    const view: JsonObject = {
        id: rg.id,
        name: rg.name,
        type: types.resourceGroup,
        location: rg.location,
        properties: { provisioningState: rg.provisioningState },
    };
    if (Object.keys(rg.tags).length) {
        view.tags = { ...rg.tags };
    }
    if (rg.managedBy) {
        view.managedBy = rg.managedBy;
    }
    return view;
}

const kindOfType: Record<string, ArmOperationKind> = {
    [types.vm.toLowerCase()]: 'virtualMachine',
    [types.extension.toLowerCase()]: 'virtualMachineExtension',
    [types.vnet.toLowerCase()]: 'virtualNetwork',
    [types.nsg.toLowerCase()]: 'networkSecurityGroup',
    [types.pip.toLowerCase()]: 'publicIPAddress',
    [types.nic.toLowerCase()]: 'networkInterface',
};

/** A resource group delete takes its own time plus the slowest delete inside it (they run in parallel). */
function rgDeleteDelayMs(ctx: Ctx, contained: ResourceRecord[]): number {
    const base = ctx.core.delayMs('resourceGroup');
    const latency = ctx.core.latency;
    if (latency.name === 'instant' || ctx.core.instantOperations) {
        return 0;
    }
    const slowest = Math.max(0, ...contained.map((r) => {
        const kind = kindOfType[r.type.toLowerCase()];
        return kind ? (deleteSeconds(kind) * 1000) / latency.scale : 0;
    }));
    return base + slowest;
}

function createOrUpdate(ctx: Ctx): Promise<{ status: number; body: JsonObject }> | { status: number; body: JsonObject } {
    const { subscriptionId, resourceGroupName: name } = ctx.params;
    const sub = requireSubscription(ctx, subscriptionId, true);
    const body = bodyObject(ctx);
    if (!/^[-\w._()]{1,90}$/u.test(name) || name.endsWith('.')) {
        throw new ArmError(400, 'InvalidResourceGroup', `The provided resource group name '${name}' has these invalid characters or is too long.`);
    }
    if (typeof body.location !== 'string' || !body.location) {
        throw armErrors.locationRequired();
    }
    const location = normalizeLocation(body.location);
    const available = ctx.core.state.locations.map((l) => l.name);
    if (!available.includes(location)) {
        throw new ArmError(400, 'LocationNotAvailableForResourceGroup',
            `The provided location '${body.location}' is not available for resource group. List of available regions is '${available.join(',')}'.`);
    }
    const existing = ctx.core.state.resourceGroup(sub.subscriptionId, name);
    if (existing?.provisioningState === 'Deleting') {
        throw new ArmError(409, 'ResourceGroupBeingDeleted',
            `The resource group '${existing.name}' is in deprovisioning state and cannot perform this operation.`);
    }
    if (existing && existing.location !== location) {
        throw new ArmError(409, 'InvalidResourceGroupLocation',
            `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location}'.`);
    }
    const rg: ResourceGroupRecord = existing ?? {
        id: resourceGroupId(sub.subscriptionId, name),
        name,
        subscriptionId: sub.subscriptionId,
        location,
        tags: {},
        provisioningState: 'Succeeded',
    };
    rg.tags = tagsOf(body);
    if (typeof body.managedBy === 'string') {
        rg.managedBy = body.managedBy;
    }
    const reply = { status: existing ? 200 : 201, body: resourceGroupView(rg) };
    const delay = ctx.core.delayMs('resourceGroup');
    const commit = (): { status: number; body: JsonObject } => {
        ctx.core.state.putResourceGroup(rg);
        return reply;
    };
    return delay > 0 ? sleep(delay).then(commit) : commit();
}

function deleteGroup(ctx: Ctx): { status: number; headers?: Record<string, string> } {
    const { subscriptionId, resourceGroupName: name } = ctx.params;
    requireSubscription(ctx, subscriptionId, true);
    const rg = ctx.core.state.resourceGroup(subscriptionId, name);
    if (!rg) {
        throw armErrors.resourceGroupNotFound(name);
    }
    if (rg.provisioningState === 'Deleting') {
        throw new ArmError(409, 'ResourceGroupBeingDeleted',
            `The resource group '${rg.name}' is in deprovisioning state and cannot perform this operation.`);
    }
    const state = ctx.core.state;
    const contained = state.resourcesIn(rg.subscriptionId, rg.name);
    rg.provisioningState = 'Deleting';
    const op = ctx.core.ops.start({
        subscriptionId: rg.subscriptionId,
        namespace: 'Microsoft.Resources',
        location: rg.location,
        apiVersion: ctx.apiVersion,
        description: `DELETE ${rg.id}`,
        delayMs: rgDeleteDelayMs(ctx, contained),
        failure: ctx.lroFailure,
        run: async () => {
            const hook = ctx.core.hooks.onVmPower;
            const vms = contained.filter((r) => r.type === types.vm && r.hookBacked);
            if (hook) {
                await Promise.all(vms.map((vm) => hook(vmHookInfo(ctx.core, vm), 'deleted')));
            }
        },
        commit: () => {
            if (state.resourceGroup(rg.subscriptionId, rg.name) !== rg) {
                throw new OperationCanceled('The resource group no longer exists.');
            }
            state.deleteResourceGroup(rg.subscriptionId, rg.name);
        },
        onFailed: () => {
            rg.provisioningState = 'Succeeded';
            for (const r of contained) {
                if (r.busyWith === 'resource-group-delete') {
                    r.busyWith = undefined;
                    r.properties.provisioningState = 'Failed';
                }
            }
        },
    });
    // Everything inside is being deleted: operations still running on it are preempted.
    for (const r of contained) {
        r.busyWith = 'resource-group-delete';
        r.properties.provisioningState = 'Deleting';
    }
    return { status: 202, headers: ctx.core.ops.headers(op, 'accepted') };
}

/** `tagName eq 'x'`, `tagName eq 'x' and tagValue eq 'y'`, `resourceType eq 'a/b'`. */
function resourceFilter(filter: string | undefined): (r: ResourceRecord) => boolean {
    if (!filter) {
        return () => true;
    }
    const tag = /^\s*tagName eq '([^']*)'(?:\s+and\s+tagValue eq '([^']*)')?\s*$/i.exec(filter);
    if (tag) {
        return (r) => Object.entries(r.tags).some(([k, v]) =>
            k.toLowerCase() === tag[1].toLowerCase() && (tag[2] === undefined || v === tag[2]));
    }
    const type = /^\s*resourceType eq '([^']*)'\s*$/i.exec(filter);
    if (type) {
        return (r) => r.type.toLowerCase() === type[1].toLowerCase();
    }
    throw new ArmError(501, 'NotImplementedInEmulator', `The Azure emulator does not implement the filter '${filter}'.`);
}

function genericView(r: ResourceRecord): JsonObject {
    const view: JsonObject = { id: r.id, name: r.name, type: r.type, location: r.location, tags: { ...r.tags } };
    if (r.sku) {
        view.sku = structuredClone(r.sku);
    }
    return view;
}

function listResources(ctx: Ctx): Reply {
    const { subscriptionId, resourceGroupName } = ctx.params;
    if (resourceGroupName !== undefined) {
        requireResourceGroup(ctx, subscriptionId, resourceGroupName);
    } else {
        requireSubscription(ctx, subscriptionId);
    }
    const filter = resourceFilter(ctx.url.searchParams.get('$filter') ?? undefined);
    const items = ctx.core.state.resourcesIn(subscriptionId, resourceGroupName)
        .filter((r) => r.location !== '' && filter(r))
        .map(genericView);
    return list(items);
}

export function registerResourceGroups(router: Router): void {
    const rgPath = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';
    router.add('GET', '/subscriptions/{subscriptionId}/resourceGroups', (ctx) => {
        const sub = requireSubscription(ctx, ctx.params.subscriptionId);
        const groups = [...ctx.core.state.resourceGroups.values()].filter((rg) => rg.subscriptionId === sub.subscriptionId);
        return list(groups.map(resourceGroupView));
    });
    router.add('GET', rgPath, (ctx) => ({
        status: 200,
        body: resourceGroupView(requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName)),
    }));
    router.add('HEAD', rgPath, (ctx) => {
        requireSubscription(ctx, ctx.params.subscriptionId);
        const rg = ctx.core.state.resourceGroup(ctx.params.subscriptionId, ctx.params.resourceGroupName);
        return { status: rg ? 204 : 404 };
    });
    router.add('PUT', rgPath, createOrUpdate);
    router.add('PATCH', rgPath, (ctx) => {
        const rg = requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName, true);
        const body = bodyObject(ctx);
        if (body.tags !== undefined) {
            rg.tags = tagsOf(body);
        }
        return { status: 200, body: resourceGroupView(rg) };
    });
    router.add('DELETE', rgPath, deleteGroup);
    router.add('GET', '/subscriptions/{subscriptionId}/operationresults/{operationId}', (ctx) => {
        const op = ctx.core.ops.get(ctx.params.operationId);
        if (!op || op.subscriptionId.toLowerCase() !== ctx.params.subscriptionId.toLowerCase()) {
            throw new ArmError(404, 'NotFound', `The operation '${ctx.params.operationId}' was not found.`);
        }
        return ctx.core.ops.resultReply(op);
    });
    router.add('GET', '/subscriptions/{subscriptionId}/resources', listResources);
    router.add('GET', `${rgPath}/resources`, listResources);
}
