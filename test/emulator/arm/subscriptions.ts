/**
 * Microsoft.Resources subscriptions: tenants list, subscriptions list/get, locations list.
 * Shapes: test/emulator/contract/examples/Microsoft.Resources/2022-12-01/Subscriptions_List.json and
 * Subscriptions_ListLocations.json (no nextLink: the example's "http://nextlink" is a placeholder).
 */
import type { Ctx } from '../core';
import type { LocationRecord, SubscriptionRecord } from '../state';
import type { JsonObject } from '../util';
import { list, requireSubscription } from './common';
import type { Router } from './router';

export function subscriptionView(sub: SubscriptionRecord): JsonObject {
    return {
        id: `/subscriptions/${sub.subscriptionId}`,
        authorizationSource: 'RoleBased',
        managedByTenants: [],
        subscriptionId: sub.subscriptionId,
        tenantId: sub.tenantId,
        displayName: sub.displayName,
        state: sub.state,
        subscriptionPolicies: {
            locationPlacementId: 'Public_2014-09-01',
            quotaId: 'PayAsYouGo_2014-09-01',
            spendingLimit: 'Off',
        },
        tags: { ...sub.tags },
    };
}

export function locationView(subscriptionId: string, loc: LocationRecord): JsonObject {
    const view: JsonObject = {
        id: `/subscriptions/${subscriptionId}/locations/${loc.name}`,
        name: loc.name,
        type: 'Region',
        displayName: loc.displayName,
        regionalDisplayName: loc.regionalDisplayName,
        metadata: {
            regionType: 'Physical',
            regionCategory: 'Recommended',
            geography: loc.geography,
            geographyGroup: loc.geographyGroup,
            longitude: loc.longitude,
            latitude: loc.latitude,
            physicalLocation: loc.physicalLocation,
            pairedRegion: loc.pairedRegion
                ? [{ name: loc.pairedRegion, id: `/subscriptions/${subscriptionId}/locations/${loc.pairedRegion}` }]
                : [],
        },
        availabilityZoneMappings: ['1', '2', '3'].map((zone) => ({
            logicalZone: zone,
            physicalZone: `${loc.name}-az${zone}`,
        })),
    };
    return view;
}

function callerSubscriptions(ctx: Ctx): SubscriptionRecord[] {
    const tenant = ctx.caller?.tenantId.toLowerCase();
    return [...ctx.core.state.subscriptions.values()].filter((s) => s.tenantId.toLowerCase() === tenant);
}

export function registerSubscriptions(router: Router): void {
    router.add('GET', '/tenants', (ctx) => {
        const tenantId = ctx.core.identity.tenantId;
        return list([{
            id: `/tenants/${tenantId}`,
            tenantId,
            tenantCategory: 'Home',
            countryCode: 'US',
            displayName: 'Azure Docker Hosts Emulator',
            domains: ['emulator.invalid'],
            defaultDomain: 'emulator.invalid',
            tenantType: 'AAD',
        }]);
    });
    router.add('GET', '/subscriptions', (ctx) => list(callerSubscriptions(ctx).map(subscriptionView)));
    router.add('GET', '/subscriptions/{subscriptionId}', (ctx) => ({
        status: 200,
        body: subscriptionView(requireSubscription(ctx, ctx.params.subscriptionId)),
    }));
    router.add('GET', '/subscriptions/{subscriptionId}/locations', (ctx) => {
        const sub = requireSubscription(ctx, ctx.params.subscriptionId);
        return list(ctx.core.state.locations.map((l) => locationView(sub.subscriptionId, l)));
    });
}
