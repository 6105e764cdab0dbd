/**
 * Listing the Docker hosts of 100 subscriptions ÷ listing those of 1, as the tree does (sign-in,
 * the subscription list, then listInventories: one Resource Graph query for all, ARM where it
 * fails), against the emulator with the `azure-typical` read latency (150 ms a request, unscaled),
 * and the ARM and Resource Graph requests that took. Round 1's way (four list calls per
 * subscription, now with the unfinished-create lookup's two, at most 8 at once per tenant) is
 * measured once beside it, for information.
 */
import { createArmClients, createResourceGraphClient } from '../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../src/azure/cloud';
import { environmentSource } from '../src/azure/credentialSources';
import { listInventories } from '../src/azure/hostInventory';
import { TenantThrottle } from '../src/azure/throttle';
import type { Seed, SeedSubscription } from '../test/emulator/seed';
import { startEmulator } from '../test/emulator/server';
import { trustEmulatorCa } from '../test/emulator/trust';
import type { Result } from './result';

const hostsPerSubscription = 5;

function subscription(i: number): SeedSubscription {
    const names = Array.from({ length: hostsPerSubscription }, (_, h) => `host-${i}-${h}`);
    return {
        subscriptionId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        displayName: `Subscription ${i}`,
        resourceGroups: [
            {
                name: 'hosts',
                location: 'eastus',
                virtualNetworks: [{ name: 'vnet', addressPrefixes: ['10.0.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }] }],
                publicIPAddresses: names.map((n) => ({ name: `${n}-ip`, domainNameLabel: n })),
                networkInterfaces: names.map((n) => ({ name: `${n}-nic`, virtualNetwork: 'vnet', subnet: 'default', publicIPAddress: `${n}-ip` })),
                virtualMachines: names.map((n) => ({ name: n, networkInterfaces: [`${n}-nic`], tags: { 'azure-docker-hosts:docker': 'tls:2376' } })),
            },
        ],
    };
}

/** Wall time and ARM + Resource Graph requests of signing in, listing the subscriptions and all their hosts, as the tree does. */
async function timeListing(subscriptionCount: number, resourceGraph = true): Promise<{ ms: number; hosts: number; requests: number }> {
    const seed: Seed = { subscriptions: Array.from({ length: subscriptionCount }, (_, i) => subscription(i + 1)) };
    const emulator = await startEmulator({ seed, latency: { name: 'azure-typical', scale: 1 } });
    const untrust = trustEmulatorCa(emulator.caPem);
    try {
        if (!resourceGraph) {
            emulator.faults.add({ method: 'POST', path: /ResourceGraph/, status: 403 });
        }
        const settings = emulator.vscodeSettings();
        const cloud = resolveCloud('custom', settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const env = { ...process.env, ...emulator.env() };
        Object.assign(process.env, emulator.env());
        const throttle = new TenantThrottle();
        const started = performance.now();
        const from = emulator.requestLog.length;
        const subscriptions = await environmentSource(cloud, env).listSubscriptions();
        const inventories = listInventories(subscriptions, {
            resourceGraph: (s) => createResourceGraphClient(cloud, s.credential, { throttle }),
            armClients: (id) => createArmClients(cloud, subscriptions.find((s) => s.subscriptionId === id)!.credential, id, { throttle }),
            log: () => undefined,
        });
        const lists = await Promise.all(inventories.values());
        const ms = performance.now() - started;
        // Entra's token requests are not ARM's; every other request is.
        const requests = emulator.requestLog.slice(from).filter((r) => r.path.startsWith('/subscriptions') || r.path.startsWith('/providers/')).length;
        return { ms, hosts: lists.reduce((n, l) => n + l.hosts.length, 0), requests };
    } finally {
        untrust();
        await emulator.stop();
    }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<Result> {
    const one: number[] = [];
    const hundred: number[] = [];
    let requests = 0;
    for (let i = 0; i < 3; i++) {
        const a = await timeListing(1);
        const b = await timeListing(100);
        if (a.hosts !== hostsPerSubscription || b.hosts !== 100 * hostsPerSubscription) {
            throw new Error(`listed ${a.hosts} and ${b.hosts} hosts, expected ${hostsPerSubscription} and ${100 * hostsPerSubscription}`);
        }
        one.push(a.ms);
        hundred.push(b.ms);
        requests = Math.max(requests, b.requests);
    }
    const arm = await timeListing(100, false);
    const figures = {
        oneSubscriptionMs: median(one),
        hundredSubscriptionsMs: median(hundred),
        hundredOverOne: median(hundred) / median(one),
        requestsForHundred: requests,
        armOnlyHundredSubscriptionsMs: arm.ms,
        armOnlyRequestsForHundred: arm.requests,
    };
    return {
        name: 'host-listing',
        figures,
        goal: '100 subscriptions ÷ 1 ≤ 1.2 (azure-typical reads, 150 ms each), and ≤ 5 ARM + Resource Graph requests to list 100 subscriptions',
        pass: figures.hundredOverOne <= 1.2 && requests <= 5,
    };
}
