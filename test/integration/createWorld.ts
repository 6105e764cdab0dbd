/**
 * A shared world for the create tests: the emulator with VMs backed by real dockerd, the real
 * environment credential, and the same core the extension runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCloud, type CloudConfig, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { environmentSource } from '../../src/azure/credentialSources';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { ubuntuImages } from '../../src/azure/create/plan';
import type { SubscriptionInfo } from '../../src/azure/subscriptions';
import { dockerBackedVms, type DockerBackedVms } from '../emulator/dockerBackedVms';
import type { EmulatorClock } from '../emulator/core';
import type { LatencyProfile } from '../emulator/latencyProfile';
import { startEmulator, type Emulator } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';

export interface CreateWorld {
    emulator: Emulator;
    engines: DockerBackedVms;
    cloud: CloudConfig;
    subscription: SubscriptionInfo;
    storageRoot: string;
    plan(name: string, overrides?: Partial<CreateHostPlan>): CreateHostPlan;
    stop(): Promise<void>;
}

/** A basic Create Docker Host plan in eastus, open to the emulator's caller address only. */
export function hostPlan(subscriptionId: string, name: string, overrides: Partial<CreateHostPlan> = {}): CreateHostPlan {
    return {
        subscriptionId,
        name,
        location: 'eastus',
        vmSize: 'Standard_B2s',
        image: ubuntuImages[0],
        adminUser: 'azureuser',
        sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5dGVz test',
        tlsPort: 2376,
        source: { kind: 'cidr', prefix: '203.0.113.7/32' },
        resourceGroup: `${name}-rg`,
        createResourceGroup: true,
        provisioningId: `run-${name}`,
        ...overrides,
    };
}

export async function startCreateWorld(options: { startEngines?: () => boolean; latency?: LatencyProfile; importTestImage?: boolean; clock?: EmulatorClock } = {}): Promise<CreateWorld> {
    const engines = dockerBackedVms({ importTestImage: options.importTestImage });
    const emulator = await startEmulator({
        latency: options.latency,
        clock: options.clock,
        onSetupExtension: async (...args) => {
            // A test can make the VM's engine never come up, to exercise the readiness timeout.
            if (options.startEngines?.() ?? true) {
                return engines.onSetupExtension(...args);
            }
        },
        onVmPower: engines.onVmPower,
        onCallerIpChange: engines.onCallerIpChange,
    });
    const untrust = trustEmulatorCa(emulator.caPem);
    const saved = { ...process.env };
    Object.assign(process.env, emulator.env());
    const settings = emulator.vscodeSettings();
    const cloud = resolveCloud(settings['microsoft-sovereign-cloud.environment'] as string, settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
    const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
    const storageRoot = mkdtempSync(join(tmpdir(), 'adh-storage-'));
    return {
        emulator,
        engines,
        cloud,
        subscription,
        storageRoot,
        plan: (name, overrides = {}) => hostPlan(subscription.subscriptionId, name, overrides),
        async stop() {
            await engines.stopAll();
            await emulator.stop();
            untrust();
            process.env = saved;
        },
    };
}
