import * as assert from 'node:assert/strict';
import { createArmClients, createResourceGraphClient } from '../../src/azure/armClients';
import { resolveCloud, type CloudConfig, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { unfinishedRunsFrom } from '../../src/azure/create/unfinishedRuns';
import { journalIn } from '../../src/azure/create/runJournal';
import { environmentSource } from '../../src/azure/credentialSources';
import { listInventories, listThroughArm, type InventorySources, type SubscriptionInventory } from '../../src/azure/hostInventory';
import type { SubscriptionInfo } from '../../src/azure/subscriptions';
import { TenantThrottle } from '../../src/azure/throttle';
import type { RequestLogEntry } from '../../test/emulator/control';
import type { Seed, SeedSubscription } from '../../test/emulator/seed';
import { startEmulator, type Emulator } from '../../test/emulator/server';
import { trustEmulatorCa } from '../../test/emulator/trust';
import type { LatencyProfile } from '../../test/emulator/latencyProfile';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const graphPath = /^\/providers\/Microsoft\.ResourceGraph\/resources$/i;
const vmList = /\/providers\/Microsoft\.Compute\/virtualMachines$/i;

/** A subscription with `hosts` Docker hosts (one stopped, one deallocated, one set up by the retired extension), a VM that is not a host, and an interrupted create's resources. */
function subscription(i: number, hosts: number, inResourceGraph = true): SeedSubscription {
    const names = Array.from({ length: hosts }, (_, h) => `host-${i}-${h}`);
    const all = [...names, `plain-${i}`];
    const runTag = { 'azure-docker-hosts:provisioning': `run-${i}`, 'azure-docker-hosts:managed': 'true' };
    return {
        subscriptionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        displayName: `Subscription ${String(i).padStart(3, '0')}`,
        inResourceGraph,
        resourceGroups: [
            {
                name: 'hosts',
                location: 'eastus',
                virtualNetworks: [{ name: 'vnet', addressPrefixes: ['10.0.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }] }],
                publicIPAddresses: all.map((n) => ({ name: `${n}-ip`, domainNameLabel: n })),
                networkInterfaces: all.map((n) => ({ name: `${n}-nic`, virtualNetwork: 'vnet', subnet: 'default', publicIPAddress: `${n}-ip` })),
                virtualMachines: [
                    ...names.map((n, h) => h === 1
                        ? { name: n, networkInterfaces: [`${n}-nic`], extensions: [{ name: 'DockerExtension', publisher: 'Microsoft.Azure.Extensions', type: 'DockerExtension', typeHandlerVersion: '1.0' }] }
                        : { name: n, networkInterfaces: [`${n}-nic`], size: h === 2 ? 'Standard_D2s_v5' : undefined, powerState: h === 0 ? 'deallocated' as const : h === 3 ? 'stopped' as const : undefined, tags: { 'azure-docker-hosts:docker': `tls:${2376 + h}` } }),
                    { name: `plain-${i}`, networkInterfaces: [`plain-${i}-nic`] },
                ],
            },
            { name: `left-${i}-rg`, location: 'eastus', tags: runTag, virtualNetworks: [{ name: `left-${i}-vnet`, tags: runTag, addressPrefixes: ['10.1.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.1.0.0/24' }] }] },
        ],
    };
}

interface World {
    emulator: Emulator;
    cloud: CloudConfig;
    subscriptions: SubscriptionInfo[];
    log: string[];
    sources: InventorySources;
    throttle: TenantThrottle;
    stop(): Promise<void>;
}

async function startWorld(subscriptions: SeedSubscription[], latency?: LatencyProfile): Promise<World> {
    const seed: Seed = { subscriptions };
    const emulator = await startEmulator({ seed, latency });
    const untrust = trustEmulatorCa(emulator.caPem);
    const cloud = resolveCloud('custom', emulator.vscodeSettings()['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
    const env = { ...process.env, ...emulator.env() };
    // EnvironmentCredential reads the service principal from process.env.
    Object.assign(process.env, emulator.env());
    const listed = await environmentSource(cloud, env).listSubscriptions().catch(async (error: unknown) => {
        // A world that cannot start must not leave its server running (mocha would wait on it forever).
        untrust();
        await emulator.stop();
        throw error;
    });
    const throttle = new TenantThrottle();
    const log: string[] = [];
    const byId = new Map(listed.map((s) => [s.subscriptionId.toLowerCase(), s]));
    return {
        emulator,
        cloud,
        subscriptions: listed,
        log,
        throttle,
        // As AzureSession makes them: one throttle for the tenant's clients.
        sources: {
            resourceGraph: (s) => createResourceGraphClient(cloud, s.credential, { throttle }),
            armClients: (id) => createArmClients(cloud, byId.get(id.toLowerCase())!.credential, id, { throttle }),
            log: (message) => log.push(message),
        },
        stop: async () => {
            untrust();
            await emulator.stop();
        },
    };
}

async function settle(inventories: Map<string, Promise<SubscriptionInventory>>): Promise<Map<string, SubscriptionInventory>> {
    return new Map(await Promise.all([...inventories].map(async ([id, p]) => [id, await p] as const)));
}

function since(emulator: Emulator, from: number, path: RegExp): RequestLogEntry[] {
    return emulator.requestLog.slice(from).filter((r) => path.test(r.path));
}

/** What the tree shows of each subscription: its host rows and its unfinished creates. */
async function shown(inventories: Map<string, SubscriptionInventory>, storage: string) {
    const journal = journalIn(storage);
    return Promise.all([...inventories].sort(([a], [b]) => a.localeCompare(b)).map(async ([id, inv]) => {
        assert.equal(inv.tagged.status, 'fulfilled');
        const runs = inv.tagged.status === 'fulfilled' ? await unfinishedRunsFrom(inv.tagged.value, id, journal) : [];
        return { id, hosts: inv.hosts, runs: runs.map((r) => ({ runId: r.runId, name: r.name, resourceGroup: r.resourceGroup, ownsGroup: r.ownsGroup, resources: r.resources.map((x) => x.id.toLowerCase()).sort() })) };
    }));
}

describe('Listing hosts across subscriptions: Resource Graph, and ARM where it fails', function () {
    this.timeout(120_000);
    let world: World;
    let storage: string;
    before(async () => {
        world = await startWorld([1, 2, 3].map((i) => subscription(i, 5)));
        storage = await mkdtemp(join(tmpdir(), 'adh-inventory-'));
    });
    afterEach(() => {
        world.emulator.faults.clear();
        world.log.length = 0;
    });
    after(async () => {
        await world?.stop();
        if (storage) {
            await rm(storage, { recursive: true, force: true });
        }
    });

    it('lists the same hosts, power states, addresses and unfinished creates through Resource Graph as through ARM, in one request', async () => {
        const from = world.emulator.requestLog.length;
        const viaGraph = await settle(listInventories(world.subscriptions, world.sources));
        assert.equal(since(world.emulator, from, graphPath).length, 1, 'Resource Graph requests');
        assert.equal(since(world.emulator, from, vmList).length, 0, 'VM lists');
        assert.ok([...viaGraph.values()].every((i) => i.via === 'resourceGraph'));
        assert.match(world.log.join('\n'), /Listed 3 of 3 subscriptions through Azure Resource Graph \(1 request\)\./);

        const viaArm = new Map(await Promise.all(world.subscriptions.map(async (s) => [s.subscriptionId.toLowerCase(), await listThroughArm(await world.sources.armClients(s.subscriptionId))] as const)));
        const graphShown = await shown(viaGraph, storage);
        assert.deepEqual(graphShown, await shown(viaArm, storage));
        // The world is what the rows must show, not only the same on both paths.
        const first = graphShown[0];
        assert.deepEqual(first.hosts.map((h) => [h.name, h.powerState, h.tlsPort, h.legacy, h.size, !!h.publicIp, h.fqdn?.startsWith(`${h.name}.`)]), [
            ['host-1-0', 'deallocated', 2376, false, 'Standard_B2s', true, true],
            ['host-1-1', 'running', 2376, true, 'Standard_B2s', true, true],
            ['host-1-2', 'running', 2378, false, 'Standard_D2s_v5', true, true],
            ['host-1-3', 'stopped', 2379, false, 'Standard_B2s', true, true],
            ['host-1-4', 'running', 2380, false, 'Standard_B2s', true, true],
        ]);
        assert.match(first.hosts[0].image, /^Canonical:/);
        assert.deepEqual(first.runs.map((r) => [r.runId, r.resourceGroup, r.ownsGroup, r.resources.length]), [['run-1', 'left-1-rg', true, 1]]);
    });

    it('lists every subscription through ARM when Resource Graph answers 403, and says so', async () => {
        world.emulator.faults.add({ method: 'POST', path: graphPath, status: 403 });
        const from = world.emulator.requestLog.length;
        const inventories = await settle(listInventories(world.subscriptions, world.sources));
        assert.ok([...inventories.values()].every((i) => i.via === 'arm' && i.hosts.length === 5));
        assert.equal(since(world.emulator, from, vmList).length, 2 * 3, 'VM lists (models and instance views)');
        assert.match(world.log.join('\n'), /Azure Resource Graph is not available \(403 AuthorizationFailed\); listing "Subscription 001", "Subscription 002", "Subscription 003" through ARM/);
    });

    it('lists through ARM on a cloud without Resource Graph', async () => {
        world.emulator.faults.add({ method: 'POST', path: graphPath, armError: { status: 404, code: 'InvalidResourceNamespace', message: "The resource namespace 'Microsoft.ResourceGraph' is invalid." } });
        const inventories = await settle(listInventories(world.subscriptions, world.sources));
        assert.deepEqual([...inventories.values()].map((i) => [i.via, i.hosts.length]), [['arm', 5], ['arm', 5], ['arm', 5]]);
        assert.match(world.log.join('\n'), /not available \(404 InvalidResourceNamespace\)/);
    });

    it('honours Retry-After on a throttled query: no request of the tenant goes out before it', async () => {
        world.emulator.faults.add({ method: 'POST', path: graphPath, status: 429, retryAfterMs: 1500, once: true });
        const from = world.emulator.requestLog.length;
        const inventories = await settle(listInventories(world.subscriptions, world.sources));
        assert.ok([...inventories.values()].every((i) => i.via === 'resourceGraph'));
        const queries = since(world.emulator, from, graphPath);
        assert.deepEqual(queries.map((q) => q.status), [429, 200]);
        const waited = queries[1].at.getTime() - queries[0].answeredAt!.getTime();
        assert.ok(waited >= 1400, `retried after ${waited} ms, before the 1500 ms Retry-After`);
    });
});

describe('Listing hosts: a subscription Resource Graph leaves out, paging, and the parallel cap', function () {
    this.timeout(300_000);

    it('lists a subscription missing from Resource Graph\'s result through ARM, and the rest through Resource Graph', async () => {
        const world = await startWorld([subscription(1, 2), subscription(2, 2, false), subscription(3, 2)]);
        try {
            const from = world.emulator.requestLog.length;
            const inventories = await settle(listInventories(world.subscriptions, world.sources));
            assert.deepEqual([...inventories.values()].map((i) => [i.via, i.hosts.map((h) => h.name)]), [
                ['resourceGraph', ['host-1-0', 'host-1-1']],
                ['arm', ['host-2-0', 'host-2-1']],
                ['resourceGraph', ['host-3-0', 'host-3-1']],
            ]);
            assert.equal(since(world.emulator, from, vmList).filter((r) => r.path.includes('000000000002')).length, 2);
            assert.equal(since(world.emulator, from, vmList).length, 2, 'only the missing subscription is listed through ARM');
            assert.match(world.log.join('\n'), /Listed 2 of 3 subscriptions through Azure Resource Graph \(1 request\); listing "Subscription 002" through ARM/);
        } finally {
            await world.stop();
        }
    });

    it('follows $skipToken: 100 subscriptions with 10 hosts each (1,300 rows) take two pages, and every host is listed', async () => {
        const world = await startWorld(Array.from({ length: 100 }, (_, i) => subscription(i + 1, 10)));
        try {
            const from = world.emulator.requestLog.length;
            const inventories = await settle(listInventories(world.subscriptions, world.sources));
            assert.equal(since(world.emulator, from, graphPath).length, 2, 'Resource Graph pages');
            assert.equal(since(world.emulator, from, vmList).length, 0);
            assert.equal([...inventories.values()].reduce((n, i) => n + i.hosts.length, 0), 1000);
            assert.ok([...inventories.values()].every((i) => i.via === 'resourceGraph' && i.hosts.length === 10 && i.tagged.status === 'fulfilled' && i.tagged.value.groups.length === 1));
        } finally {
            await world.stop();
        }
    });

    it('keeps at most 8 ARM reads of a tenant in flight when 20 subscriptions are listed through ARM', async () => {
        const world = await startWorld(Array.from({ length: 20 }, (_, i) => subscription(i + 1, 1)), { name: 'azure-typical', scale: 3 });
        try {
            world.emulator.faults.add({ method: 'POST', path: graphPath, status: 403 });
            const from = world.emulator.requestLog.length;
            const inventories = await settle(listInventories(world.subscriptions, world.sources));
            assert.ok([...inventories.values()].every((i) => i.via === 'arm' && i.hosts.length === 1));
            // The server records an answer when its last byte is flushed, which can come a moment after the client has it.
            await new Promise((resolve) => setTimeout(resolve, 100));
            const reads = world.emulator.requestLog.slice(from).filter((r) => r.method === 'GET' && r.path.startsWith('/subscriptions/'));
            assert.equal(reads.length, 20 * 6);
            let peak = 0;
            for (const r of reads) {
                const t = r.at.getTime();
                peak = Math.max(peak, reads.filter((o) => o.at.getTime() <= t && o.answeredAt!.getTime() > t).length);
            }
            assert.ok(peak <= 8, `${peak} reads were in flight at once`);
            assert.ok(peak >= 6, `only ${peak} reads in flight at once: the cap serialised more than it should`);
        } finally {
            await world.stop();
        }
    });
});
