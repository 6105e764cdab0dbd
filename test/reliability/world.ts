import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createArmClients, type ArmClients } from '../../src/azure/armClients';
import { createDockerHost, type CreateOutcome } from '../../src/azure/create/createDockerHost';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import type { ProvisioningEvent } from '../../src/azure/provisioning/graph';
import { startCreateWorld, type CreateWorld } from '../integration/createWorld';

/** The create world plus what every reliability scenario checks: inventory, local files, clean-up. */
export interface ReliabilityWorld extends CreateWorld {
    enginesOn: boolean;
    inventory(): string[];
    clients(requestTimeoutMs?: number): Promise<ArmClients>;
    create(name: string, options?: { plan?: Partial<CreateHostPlan>; signal?: AbortSignal; onEvent?: (e: ProvisioningEvent) => void; engineTimeoutMs?: number; requestTimeoutMs?: number }): Promise<CreateOutcome>;
    /** Asserts a failed create left no resource in Azure and no local files, and named the cause. */
    assertCleanFailure(outcome: CreateOutcome, baseline: string[], message: RegExp): void;
    deleteGroup(name: string): Promise<void>;
}

export async function startReliabilityWorld(): Promise<ReliabilityWorld> {
    // eslint-disable-next-line prefer-const -- the hook below reads it once it is assigned
    let world: ReliabilityWorld;
    const base = await startCreateWorld({ startEngines: () => world?.enginesOn ?? true });
    world = Object.assign(base, {
        enginesOn: true,
        inventory: () => base.emulator.inventory().map((i) => i.id.toLowerCase()).sort(),
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
        assertCleanFailure(outcome: CreateOutcome, baseline: string[], message: RegExp) {
            assert.equal(outcome.ok, false, 'the create succeeded');
            if (outcome.ok) {
                return;
            }
            assert.deepEqual(world.inventory(), baseline, 'orphaned resources in Azure');
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
