/**
 * Create Docker Swarm (1 manager + 3 workers) ÷ Create Docker Host, both for real against the
 * emulator with the `azure-typical` profile (÷10) and real dockerd behind every VM, in one run. The
 * nodes are created at once after the swarm's network part, so four nodes should cost little more
 * than one host; the swarm's formation over the private addresses comes on top.
 */
import { createDockerHost } from '../src/azure/create/createDockerHost';
import { createSwarm } from '../src/azure/create/createSwarm';
import type { LatencyProfile } from '../test/emulator/latencyProfile';
import { startCreateWorld } from '../test/integration/createWorld';
import type { Result } from './result';

const profile: LatencyProfile = { name: 'azure-typical', scale: 10 };

export async function run(): Promise<Result> {
    const world = await startCreateWorld({ latency: profile, importTestImage: false });
    try {
        const common = { cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 120_000, pollIntervalMs: 20 };
        let started = performance.now();
        const host = await createDockerHost({ ...common, plan: world.plan('bench-host') });
        const hostMs = performance.now() - started;
        if (!host.ok) {
            throw new Error(`the bench host create failed: ${String(host.error)}`);
        }
        started = performance.now();
        const swarm = await createSwarm({ ...common, plan: { ...world.plan('bench-swarm'), managers: 1, workers: 3 } });
        const swarmMs = performance.now() - started;
        if (!swarm.ok || swarm.failed.length > 0) {
            throw new Error(`the bench swarm create failed: ${swarm.ok ? JSON.stringify(swarm.failed) : String(swarm.error)}`);
        }
        const figures = {
            oneHostMs: Math.round(hostMs),
            swarm1Plus3Ms: Math.round(swarmMs),
            swarmOverHost: Number((swarmMs / hostMs).toFixed(3)),
        };
        return {
            name: 'create-swarm-against-emulator',
            figures,
            goal: 'Create Docker Swarm 1 manager + 3 workers ÷ Create Docker Host ≤ 1.3 (real graph, SDK, emulator at azure-typical ÷10, real dockerd per VM)',
            pass: figures.swarmOverHost <= 1.3,
        };
    } finally {
        await world.stop();
    }
}
