import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createArmClients, type ArmClients } from '../../src/azure/armClients';
import { createDockerHost, type CreateOutcome } from '../../src/azure/create/createDockerHost';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import type { ProvisioningEvent } from '../../src/azure/provisioning/graph';
import { startCreateWorld, type CreateWorld } from '../integration/createWorld';

/**
 * Everything the emulator stores, by lower-cased id: each resource group and resource with its full
 * body (properties, tags, sku, etag, secrets as sent), so a comparison catches a resource that was
 * changed as well as one that was left behind or deleted.
 */
export type Inventory = Record<string, unknown>;

/** Asserts `actual` holds exactly the resources of `expected`, each with the same body. */
export function assertInventory(actual: Inventory, expected: Inventory, what: string): void {
    const ids = (i: Inventory) => Object.keys(i).sort();
    const orphaned = ids(actual).filter((id) => !(id in expected));
    const gone = ids(expected).filter((id) => !(id in actual));
    assert.deepEqual({ orphaned, gone }, { orphaned: [], gone: [] }, what);
    for (const id of ids(expected)) {
        assert.deepEqual(actual[id], expected[id], `${what}: ${id} was changed`);
    }
}

/** The create world plus what every reliability scenario checks: inventory, local files, clean-up. */
export interface ReliabilityWorld extends CreateWorld {
    enginesOn: boolean;
    /** The emulator's inventory; with `under`, only that resource group (or resource) and what it holds. */
    inventory(under?: string): Inventory;
    clients(requestTimeoutMs?: number): Promise<ArmClients>;
    create(name: string, options?: { plan?: Partial<CreateHostPlan>; signal?: AbortSignal; onEvent?: (e: ProvisioningEvent) => void; engineTimeoutMs?: number; requestTimeoutMs?: number }): Promise<CreateOutcome>;
    /** Asserts a failed create left no resource in Azure and no local files, and named the cause. */
    assertCleanFailure(outcome: CreateOutcome, baseline: Inventory, message: RegExp): void;
    deleteGroup(name: string): Promise<void>;
}

export async function startReliabilityWorld(): Promise<ReliabilityWorld> {
    // eslint-disable-next-line prefer-const -- the hook below reads it once it is assigned
    let world: ReliabilityWorld;
    const base = await startCreateWorld({ startEngines: () => world?.enginesOn ?? true });
    world = Object.assign(base, {
        enginesOn: true,
        inventory(under?: string) {
            const state = base.emulator.state;
            const records = [...state.resourceGroups.values(), ...state.all()];
            const inside = (id: string) => !under || id.toLowerCase() === under.toLowerCase() || id.toLowerCase().startsWith(`${under.toLowerCase()}/`);
            // A JSON copy: the snapshot must not change when the emulator later updates its records.
            return Object.fromEntries(records.filter((r) => inside(r.id)).map((r) => [r.id.toLowerCase(), JSON.parse(JSON.stringify(r)) as unknown]));
        },
        clients: (requestTimeoutMs?: number) => createArmClients(base.cloud, base.subscription.credential, base.subscription.subscriptionId, { requestTimeoutMs }),
        async create(name: string, options: Parameters<ReliabilityWorld['create']>[1] = {}) {
            return createDockerHost({
                plan: base.plan(name, options.plan),
                cloud: base.cloud,
                credential: base.subscription.credential,
                storageRoot: base.storageRoot,
                engineTimeoutMs: options.engineTimeoutMs ?? 60_000,
                pollIntervalMs: 10,
                signal: options.signal,
                onEvent: options.onEvent,
                clients: options.requestTimeoutMs ? await world.clients(options.requestTimeoutMs) : undefined,
            });
        },
        assertCleanFailure(outcome: CreateOutcome, baseline: Inventory, message: RegExp) {
            assert.equal(outcome.ok, false, 'the create succeeded');
            if (outcome.ok) {
                return;
            }
            assertInventory(world.inventory(), baseline, 'Azure after the failed create');
            assert.equal(existsSync(outcome.dir), false, 'local TLS material was left behind');
            assert.deepEqual(outcome.rollback.failedToDelete, [], 'the rollback could not delete everything');
            const text = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
            assert.match(text, message);
        },
        async deleteGroup(name: string) {
            await (await world.clients()).resources.resourceGroups.delete(name, { updateIntervalInMs: 10 });
        },
    });
    return world;
}
