/**
 * Microsoft.ContainerRegistry/registries: list (subscription, resource group) and get. Registries
 * are created by containerRegistries.ts (each is a real registry process), not through ARM PUTs.
 */
import type { Ctx } from '../core';
import type { ResourceRecord } from '../state';
import { types } from '../state';
import type { JsonObject } from '../util';
import { list, requireResource, requireResourceGroup, requireSubscription } from './common';
import type { Router } from './router';

export function registryView(record: ResourceRecord): JsonObject {
    return {
        id: record.id,
        name: record.name,
        type: record.type,
        location: record.location,
        tags: { ...record.tags },
        sku: structuredClone(record.sku ?? { name: 'Basic', tier: 'Basic' }),
        properties: structuredClone(record.properties),
    };
}

export function registerContainerRegistry(router: Router): void {
    const sub = '/subscriptions/{subscriptionId}';
    const rg = `${sub}/resourceGroups/{resourceGroupName}`;
    const ofType = (ctx: Ctx, resourceGroup?: string) =>
        list(ctx.core.state.ofType(types.registry, ctx.params.subscriptionId, resourceGroup).map(registryView));
    router.add('GET', `${sub}/providers/Microsoft.ContainerRegistry/registries`, (ctx) => {
        requireSubscription(ctx, ctx.params.subscriptionId);
        return ofType(ctx);
    });
    router.add('GET', `${rg}/providers/Microsoft.ContainerRegistry/registries`, (ctx) => {
        requireResourceGroup(ctx, ctx.params.subscriptionId, ctx.params.resourceGroupName);
        return ofType(ctx, ctx.params.resourceGroupName);
    });
    router.add('GET', `${rg}/providers/Microsoft.ContainerRegistry/registries/{registryName}`, (ctx) => ({
        status: 200,
        body: registryView(requireResource(ctx, types.registry, ctx.params.registryName)),
    }));
}
