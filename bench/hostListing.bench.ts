/**
 * Listing the Docker hosts of 10 subscriptions ÷ listing those of 1, against the emulator with the
 * `azure-typical` read latency (150 ms a request, unscaled). The extension starts every
 * subscription's list calls at once (SubscriptionItem), so 10 should cost about what 1 does.
 */
import { createArmClients } from '../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../src/azure/cloud';
import { environmentSource } from '../src/azure/credentialSources';
import { listDockerHosts } from '../src/azure/discovery';
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

/** Wall time of signing in, listing the subscriptions and all their hosts, as the tree does. */
async function timeListing(subscriptionCount: number): Promise<{ ms: number; hosts: number }> {
    const seed: Seed = { subscriptions: Array.from({ length: subscriptionCount }, (_, i) => subscription(i + 1)) };
    const emulator = await startEmulator({ seed, latency: { name: 'azure-typical', scale: 1 } });
    const untrust = trustEmulatorCa(emulator.caPem);
    try {
        const settings = emulator.vscodeSettings();
        const cloud = resolveCloud('custom', settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const env = { ...process.env, ...emulator.env() };
        Object.assign(process.env, emulator.env());
        const started = performance.now();
        const subscriptions = await environmentSource(cloud, env).listSubscriptions();
        const lists = await Promise.all(subscriptions.map(async (s) => listDockerHosts(await createArmClients(cloud, s.credential, s.subscriptionId))));
        return { ms: performance.now() - started, hosts: lists.flat().length };
    } finally {
        untrust();
        await emulator.stop();
    }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run(): Promise<Result> {
    const one: number[] = [];
    const ten: number[] = [];
    for (let i = 0; i < 3; i++) {
        const a = await timeListing(1);
        const b = await timeListing(10);
        if (a.hosts !== hostsPerSubscription || b.hosts !== 10 * hostsPerSubscription) {
            throw new Error(`listed ${a.hosts} and ${b.hosts} hosts, expected ${hostsPerSubscription} and ${10 * hostsPerSubscription}`);
        }
        one.push(a.ms);
        ten.push(b.ms);
    }
    const figures = { oneSubscriptionMs: median(one), tenSubscriptionsMs: median(ten), tenOverOne: median(ten) / median(one) };
    return { name: 'host-listing', figures, goal: '10 subscriptions ÷ 1 ≤ 1.5 (azure-typical reads, 150 ms each)', pass: figures.tenOverOne <= 1.5 };
}
