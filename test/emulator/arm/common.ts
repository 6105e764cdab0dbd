/** Helpers shared by the resource providers: lookups, body checks, and the PUT/DELETE/POST LROs. */
import type { Ctx } from '../core';
import type { Reply } from '../http';
import type { ArmOperationKind } from '../latencyProfile';
import type { ResourceGroupRecord, ResourceRecord, SubscriptionRecord } from '../state';
import { resourceId } from '../state';
import type { Json, JsonObject } from '../util';
import { isObject, normalizeLocation, randomToken } from '../util';
import { ArmError, armErrors } from './errors';
import { OperationCanceled } from './lro';

export function requireSubscription(ctx: Ctx, subscriptionId: string, forWrite = false): SubscriptionRecord {
    const sub = ctx.core.state.subscription(subscriptionId);
    if (!sub) {
        throw armErrors.subscriptionNotFound(subscriptionId);
    }
    if (ctx.caller && sub.tenantId.toLowerCase() !== ctx.caller.tenantId.toLowerCase()) {
        throw new ArmError(401, 'InvalidAuthenticationTokenTenant',
            `The access token is from the wrong issuer '${ctx.core.origin}/${ctx.caller.tenantId}/'. It must match ` +
            `the tenant '${ctx.core.origin}/${sub.tenantId}/' associated with this subscription. Please use the ` +
            `authority (URL) '${ctx.core.origin}/${sub.tenantId}' to get the token.`);
    }
    if (forWrite && sub.state !== 'Enabled' && sub.state !== 'Warned') {
        throw new ArmError(409, 'ReadOnlyDisabledSubscription',
            `The subscription '${subscriptionId}' is disabled and therefore marked as read only.`);
    }
    return sub;
}

export function requireResourceGroup(ctx: Ctx, subscriptionId: string, name: string, forWrite = false): ResourceGroupRecord {
    requireSubscription(ctx, subscriptionId, forWrite);
    const rg = ctx.core.state.resourceGroup(subscriptionId, name);
    if (!rg) {
        throw armErrors.resourceGroupNotFound(name);
    }
    if (forWrite && rg.provisioningState === 'Deleting') {
        throw new ArmError(409, 'ResourceGroupBeingDeleted',
            `The resource group '${rg.name}' is in deprovisioning state and cannot perform this operation.`);
    }
    return rg;
}

/** The resource named by the route, after checking its subscription and resource group. */
export function requireResource(ctx: Ctx, type: string, ...names: string[]): ResourceRecord {
    const { subscriptionId, resourceGroupName } = ctx.params;
    requireResourceGroup(ctx, subscriptionId, resourceGroupName, ctx.method !== 'GET');
    const id = resourceId(subscriptionId, resourceGroupName, type, ...names);
    const record = ctx.core.state.get(id);
    if (!record) {
        const [namespace, ...segments] = type.split('/');
        const typedName = [namespace, ...segments.flatMap((segment, i) => [segment, names[i]])].join('/');
        throw armErrors.resourceNotFound(typedName, resourceGroupName);
    }
    return record;
}

export function findResource(ctx: Ctx, type: string, ...names: string[]): ResourceRecord | undefined {
    const { subscriptionId, resourceGroupName } = ctx.params;
    return ctx.core.state.get(resourceId(subscriptionId, resourceGroupName, type, ...names));
}

export function bodyObject(ctx: Ctx): JsonObject {
    if (!isObject(ctx.body)) {
        throw armErrors.invalidRequestContent('The request content was invalid and could not be deserialized: the body must be a JSON object.');
    }
    return ctx.body;
}

export function propertiesOf(body: JsonObject): JsonObject {
    const p = body.properties;
    if (p === undefined || p === null) {
        return {};
    }
    if (!isObject(p)) {
        throw armErrors.invalidRequestContent("The request content was invalid and could not be deserialized: 'properties' must be an object.");
    }
    return structuredClone(p);
}

export function tagsOf(body: JsonObject, existing?: Record<string, string>): Record<string, string> {
    const tags = body.tags;
    if (tags === undefined || tags === null) {
        return existing && body.tags === undefined ? { ...existing } : {};
    }
    if (!isObject(tags)) {
        throw new ArmError(400, 'InvalidTag', "The tags must be a JSON object of string values.");
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(tags)) {
        if (typeof v !== 'string') {
            throw new ArmError(400, 'InvalidTag', `The tag '${k}' has a value that is not a string.`);
        }
        if (k.length > 512 || v.length > 256) {
            throw new ArmError(400, 'InvalidTagNameCharacters', `The tag '${k}' is too long.`);
        }
        out[k] = v;
    }
    if (Object.keys(out).length > 50) {
        throw new ArmError(400, 'InvalidTagCount', 'A resource can have at most 50 tags.');
    }
    return out;
}

/** The normalised location of a new resource (or the existing one's, which must not change). */
export function locationOf(ctx: Ctx, body: JsonObject, type: string, existing?: ResourceRecord): string {
    const raw = body.location;
    if (typeof raw !== 'string' || raw === '') {
        throw armErrors.locationRequired();
    }
    const location = normalizeLocation(raw);
    const available = ctx.core.state.locations.map((l) => l.name);
    if (!available.includes(location)) {
        throw armErrors.locationNotAvailable(raw, type, available);
    }
    if (existing && existing.location && existing.location !== location) {
        throw new ArmError(409, 'InvalidResourceLocation',
            `The resource '${existing.name}' already exists in location '${existing.location}' in resource group ` +
            `'${existing.resourceGroup}'. A resource with the same name cannot be created in location '${location}'. ` +
            'Please select a new resource name.');
    }
    return location;
}

export function newEtag(): string {
    return `W/"${randomToken(12)}"`;
}

export function ensureNotBusy(record: ResourceRecord | undefined): void {
    if (record?.busyWith) {
        throw armErrors.anotherOperationInProgress(record.id);
    }
}

/**
 * `If-None-Match: *` on a PUT: create only, never update. Only the providers whose REST specs
 * declare the header honour it (of those the extension uses, Microsoft.Compute virtual machines);
 * the network and resource-group PUTs ignore it, as ARM does.
 */
export function refuseUpdateIfNoneMatch(ctx: Ctx, existing: ResourceRecord | undefined): void {
    const value = ctx.headers['if-none-match'];
    if (existing && (Array.isArray(value) ? value : [value]).some((v) => v?.trim() === '*')) {
        throw armErrors.preconditionFailed(existing.id);
    }
}

export function namespaceOf(type: string): string {
    return type.split('/')[0];
}

function stillOwned(ctx: Ctx, record: ResourceRecord, opId: string): boolean {
    return ctx.core.state.get(record.id) === record && record.busyWith === opId;
}

export interface PutLroSpec {
    record: ResourceRecord;
    created: boolean;
    kind: ArmOperationKind;
    view: () => JsonObject;
    run?: () => Promise<void>;
    /** Extra state changes on success, after provisioningState becomes Succeeded. */
    commit?: () => void;
    /** Extra state changes on failure, after provisioningState becomes Failed. */
    onFailed?: () => void;
    /** Extra records whose provisioningState follows the main one (e.g. inline subnets). */
    followers?: () => ResourceRecord[];
}

/**
 * Stores nothing itself: the caller has already put `record` in the state. Marks it (and its
 * followers) non-terminal, starts the operation and answers 201/200 + Azure-AsyncOperation.
 */
export function beginPut(ctx: Ctx, spec: PutLroSpec): Reply {
    const { record } = spec;
    const network = record.type.startsWith('Microsoft.Network/');
    const transient = network ? 'Updating' : spec.created ? 'Creating' : 'Updating';
    const followers = (): ResourceRecord[] => spec.followers?.() ?? [];
    const setState = (state: string): void => {
        for (const r of [record, ...followers()]) {
            r.properties.provisioningState = state;
        }
    };
    setState(transient);
    const op = ctx.core.ops.start({
        subscriptionId: record.subscriptionId,
        namespace: namespaceOf(record.type),
        location: record.location,
        apiVersion: ctx.apiVersion,
        description: `PUT ${record.type} ${record.id}`,
        delayMs: ctx.core.delayMs(spec.kind),
        failure: ctx.lroFailure,
        run: spec.run,
        commit: () => {
            if (!stillOwned(ctx, record, op.id)) {
                throw new OperationCanceled('Operation execution has been preempted by a more recent operation.');
            }
            setState('Succeeded');
            record.busyWith = undefined;
            spec.commit?.();
        },
        onFailed: () => {
            if (stillOwned(ctx, record, op.id)) {
                setState('Failed');
                record.busyWith = undefined;
                spec.onFailed?.();
            }
        },
    });
    record.busyWith = op.id;
    return { status: spec.created ? 201 : 200, headers: ctx.core.ops.headers(op, 'put'), body: spec.view() };
}

export interface AcceptedLroSpec {
    record: ResourceRecord;
    kind: ArmOperationKind;
    /** Overrides the profile's delay for `kind` (for operations the profile has no figure for). */
    delayMs?: number;
    description: string;
    /** provisioningState while it runs (e.g. Deleting, Updating). */
    transient: string;
    run?: () => Promise<void>;
    commit: () => void;
    /** provisioningState after a failure (default Failed). */
    failedState?: string;
    onFailed?: () => void;
}

/** DELETE and POST actions: 202 + Location + Azure-AsyncOperation. */
export function beginAccepted(ctx: Ctx, spec: AcceptedLroSpec): Reply {
    const { record } = spec;
    const before = record.properties.provisioningState;
    record.properties.provisioningState = spec.transient;
    const op = ctx.core.ops.start({
        subscriptionId: record.subscriptionId,
        namespace: namespaceOf(record.type),
        location: record.location,
        apiVersion: ctx.apiVersion,
        description: spec.description,
        delayMs: spec.delayMs ?? ctx.core.delayMs(spec.kind),
        failure: ctx.lroFailure,
        run: spec.run,
        commit: () => {
            if (!stillOwned(ctx, record, op.id)) {
                throw new OperationCanceled('Operation execution has been preempted by a more recent operation.');
            }
            record.busyWith = undefined;
            if (record.properties.provisioningState === spec.transient) {
                record.properties.provisioningState = before ?? 'Succeeded';
            }
            spec.commit();
        },
        onFailed: () => {
            if (stillOwned(ctx, record, op.id)) {
                record.busyWith = undefined;
                record.properties.provisioningState = spec.failedState ?? 'Failed';
                spec.onFailed?.();
            }
        },
    });
    record.busyWith = op.id;
    return { status: 202, headers: ctx.core.ops.headers(op, 'accepted') };
}

export function list(items: Json[]): Reply {
    return { status: 200, body: { value: items } };
}

/** `{ id }` of a reference in a body, or undefined. */
export function refId(value: Json | undefined): string | undefined {
    return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

/**
 * What every top-level PUT starts with: its resource group (which must exist), the body, the
 * resource's id and record (which must not be busy with another operation), location and
 * properties; and `store`, which creates or updates the record with the new properties and tags.
 * `fresh` makes the fields only a new record gets (a public IP's address, say).
 */
export function beginTopLevelPut(ctx: Ctx, type: string, name: string) {
    const { subscriptionId, resourceGroupName } = ctx.params;
    const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName, true);
    const state = ctx.core.state;
    const body = bodyObject(ctx);
    const id = resourceId(rg.subscriptionId, rg.name, type, name);
    const existing = state.get(id);
    ensureNotBusy(existing);
    const location = locationOf(ctx, body, type, existing);
    const store = (props: JsonObject, fresh: () => Partial<ResourceRecord> = () => ({})): ResourceRecord => {
        const record: ResourceRecord = existing ?? {
            id, name, type, subscriptionId: rg.subscriptionId, resourceGroup: rg.name,
            location, tags: {}, properties: {}, etag: '', createdAt: new Date(), ...fresh(),
        };
        record.properties = props;
        record.tags = tagsOf(body);
        record.etag = newEtag();
        state.put(record);
        return record;
    };
    return { rg, state, body, id, existing, location, props: propertiesOf(body), store };
}
