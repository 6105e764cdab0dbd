/**
 * Scale: a service of a real 1-manager + 1-worker swarm (made by Create Docker Swarm against the
 * emulator, a real dockerd behind each VM) is scaled from 1 to 10 replicas, five times. The delay
 * is from the last of the ten tasks' containers starting (the engine's own timestamp of its start
 * event) to the swarm watcher (src/docker/swarmEvents.ts) handing the tree a reading with 10
 * running tasks. Nothing polls: the watcher reads on events only.
 */
import Docker from 'dockerode';
import { createSwarm } from '../src/azure/create/createSwarm';
import type { EngineEvent } from '../src/docker/events';
import { LineSplitter } from '../src/docker/lineSplitter';
import { scaleSwarmService } from '../src/docker/swarmActions';
import { watchSwarm } from '../src/docker/swarmEvents';
import type { SwarmReading } from '../src/docker/swarmRows';
import { TEST_IMAGE } from '../test/harness/dockerd';
import { startCreateWorld } from '../test/integration/createWorld';
import { swarmMembers } from '../test/integration/swarmMembers';
import type { Result } from './result';
import { percentile, round, sleep } from './stats';

const ROUNDS = 5;
const REPLICAS = 10;

async function until(what: string, test: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test()) {
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(10);
    }
}

export async function run(): Promise<Result> {
    const world = await startCreateWorld();
    const streams: NodeJS.ReadableStream[] = [];
    try {
        const swarm = await createSwarm({
            plan: { ...world.plan('bench-scale'), managers: 1, workers: 1 }, cloud: world.cloud, credential: world.subscription.credential,
            storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
        });
        if (!swarm.ok || swarm.failed.length > 0) {
            throw new Error(`the bench swarm create failed: ${swarm.ok ? JSON.stringify(swarm.failed) : String(swarm.error)}`);
        }
        const { clients, members, dispose } = await swarmMembers(swarm.nodes);
        // Each task container's start, as its node's engine stamped it, from a stream of our own.
        const starts = new Map<string, number>();
        for (const client of clients) {
            const stream = await client.stream('bench events', (d: Docker) => d.getEvents({ filters: { type: ['container'], event: ['start'], label: ['com.docker.swarm.task.id'] } }));
            const lines = new LineSplitter();
            stream.on('data', (chunk: Buffer) => {
                for (const line of lines.push(chunk)) {
                    const event = JSON.parse(line) as EngineEvent;
                    starts.set(event.Actor!.Attributes!['com.docker.swarm.task.id'], event.timeNano! / 1e6);
                }
            });
            streams.push(stream);
        }
        let latest: { reading: SwarmReading; at: number } | undefined;
        let readings = 0;
        const watcher = watchSwarm('bench-scale', members, { onReading: (reading) => ((latest = { reading, at: Date.now() }), readings++), onError: () => undefined });
        const service = (await clients[0].call('create service', (d) => d.createService({ Name: 'scaled', TaskTemplate: { ContainerSpec: { Image: TEST_IMAGE, Command: ['sleep', '3600'] } }, Mode: { Replicated: { Replicas: 1 } } }) as Promise<{ id: string }>));
        const row = () => latest?.reading.snapshot.services.find((s) => s.label === 'scaled');
        const running = () => row()?.tasks.filter((t) => t.running) ?? [];
        const delays: number[] = [];
        const readsPerRound: number[] = [];
        try {
            await until('1 running', () => running().length === 1 && row()!.tasks.length === 1);
            for (let round = 0; round < ROUNDS; round++) {
                const readsBefore = readings;
                await scaleSwarmService(clients[0], service.id, REPLICAS);
                await until(`${REPLICAS} running`, () => running().length === REPLICAS);
                const shownAt = latest!.at;
                // The start events of the ten tasks may reach our own stream a moment after.
                const ids = running().map((t) => t.taskId);
                await until('the start events', () => ids.every((id) => starts.has(id)), 5_000);
                delays.push(shownAt - Math.max(...ids.map((id) => starts.get(id)!)));
                readsPerRound.push(readings - readsBefore);
                await scaleSwarmService(clients[0], service.id, 1);
                await until('back to 1', () => running().length === 1 && row()!.tasks.length === 1);
                await sleep(500);
            }
        } finally {
            watcher.dispose();
            dispose();
        }
        const figures = {
            medianDelayMs: round(percentile(delays, 50)),
            worstDelayMs: round(Math.max(...delays)),
            readsPerScaleMedian: percentile(readsPerRound, 50),
            rounds: ROUNDS,
        };
        return {
            name: 'swarm-scale-to-ten',
            figures,
            goal: 'Scale a service 1 → 10 replicas: the tree\'s data shows 10 running tasks ≤ 1 s after the last task\'s container started (worst of 5; real 1+1 swarm, events only)',
            pass: figures.worstDelayMs <= 1000,
        };
    } finally {
        streams.forEach((s) => (s as unknown as { destroy(): void }).destroy());
        await world.stop();
    }
}
