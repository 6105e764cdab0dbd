/**
 * The world of the adoption tests (integration and reliability): an emulator whose plain Linux VMs
 * run what the extension sends, the ARM clients, and what the tests check adoption with.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients } from '../../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { environmentSource } from '../../src/azure/credentialSources';
import { enableDockerOnVm, type EnableDockerOutcome } from '../../src/azure/lifecycle/enableDockerOnVm';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { dockerBackedVms, type DockerBackedVms } from '../emulator/dockerBackedVms';
import { startEmulator, type Emulator, type Seed } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';

export const subscriptionId = '00000000-0000-4000-8000-0000000000ad';
export const rg = 'plain-rg';
export const vmIdOf = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const nsgIdOf = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;

/** VMs whose owner installed Docker and configured it before adoption (see configureDocker). */
const configuredVms = ['configured', 'conflicting', 'failing', 'cancelled'];

/** Plain Linux VMs, none a Docker host: without an NSG, with one on the NIC, and without a public IP. Fixed addresses keep clear of other emulators on this machine. */
const seed: Seed = {
    subscriptions: [{
        subscriptionId,
        displayName: 'Adoption',
        resourceGroups: [{
            name: rg,
            location: 'eastus',
            networkSecurityGroups: [{
                name: 'withnsg-nsg',
                securityRules: [{ name: 'ssh-admins', priority: 1000, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '198.51.100.0/24', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' }],
            }, {
                name: 'denied-nsg',
                securityRules: [
                    { name: 'no-ssh', priority: 300, direction: 'Inbound', access: 'Deny', protocol: '*', sourceAddressPrefix: 'Internet', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '20-23' },
                    { name: 'no-web', priority: 200, direction: 'Inbound', access: 'Deny', protocol: 'Tcp', sourceAddressPrefix: '*', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '80' },
                ],
            }],
            virtualNetworks: [{ name: 'plain-vnet', addressPrefixes: ['10.30.0.0/16'], subnets: [{ name: 'default', addressPrefix: '10.30.0.0/24' }] }],
            publicIPAddresses: [
                { name: 'bare-ip', domainNameLabel: 'adopt-bare', ipAddress: '127.1.77.11' },
                { name: 'withnsg-ip', ipAddress: '127.1.77.12' },
                { name: 'faulty-ip', ipAddress: '127.1.77.13' },
                { name: 'denied-ip', ipAddress: '127.1.77.14' },
                ...configuredVms.map((name, i) => ({ name: `${name}-ip`, ipAddress: `127.1.77.${21 + i}` })),
            ],
            networkInterfaces: [
                { name: 'bare-nic', virtualNetwork: 'plain-vnet', subnet: 'default', publicIPAddress: 'bare-ip' },
                { name: 'withnsg-nic', virtualNetwork: 'plain-vnet', subnet: 'default', publicIPAddress: 'withnsg-ip', networkSecurityGroup: 'withnsg-nsg' },
                { name: 'faulty-nic', virtualNetwork: 'plain-vnet', subnet: 'default', publicIPAddress: 'faulty-ip' },
                { name: 'private-nic', virtualNetwork: 'plain-vnet', subnet: 'default' },
                { name: 'denied-nic', virtualNetwork: 'plain-vnet', subnet: 'default', publicIPAddress: 'denied-ip', networkSecurityGroup: 'denied-nsg' },
                ...configuredVms.map((name) => ({ name: `${name}-nic`, virtualNetwork: 'plain-vnet', subnet: 'default', publicIPAddress: `${name}-ip` })),
            ],
            virtualMachines: [
                { name: 'bare', networkInterfaces: ['bare-nic'], tags: { team: 'web' } },
                { name: 'withnsg', networkInterfaces: ['withnsg-nic'] },
                { name: 'faulty', networkInterfaces: ['faulty-nic'] },
                { name: 'private', networkInterfaces: ['private-nic'] },
                { name: 'denied', networkInterfaces: ['denied-nic'] },
                ...configuredVms.map((name) => ({ name, networkInterfaces: [`${name}-nic`] })),
            ],
        }],
    }],
};

/** What a VM's owner had in daemon.json and a drop-in before adoption. */
export const ownerConfig = {
    'data-root': '/srv/docker-data',
    'log-driver': 'json-file',
    'log-opts': { 'max-size': '10m', 'max-file': '3' },
    'registry-mirrors': ['https://mirror.example.test'],
};
export const ownerFiles = { '/etc/docker/daemon.json': `${JSON.stringify(ownerConfig, null, 4)}\n`, '/etc/systemd/system/docker.service.d/limits.conf': '[Service]\nLimitNOFILE=65536\n' };
const ownedPaths = ['/etc/docker/daemon.json', '/etc/docker/ca.pem', '/etc/docker/server-cert.pem', '/etc/docker/server-key.pem',
    '/etc/systemd/system/docker.service.d/azure-docker-hosts.conf', '/etc/systemd/system/docker.service.d/limits.conf', '/etc/systemd/system/docker.service.d/override.conf'];

export interface EngineInfo { DockerRootDir: string; LoggingDriver: string; RegistryConfig: { Mirrors: string[] } }

export interface AdoptionWorld {
    readonly emulator: Emulator;
    readonly engines: DockerBackedVms;
    readonly deps: LifecycleDeps;
    readonly storageRoot: string;
    enable(name: string, extra?: Partial<Parameters<typeof enableDockerOnVm>[0]>): Promise<EnableDockerOutcome>;
    /** Everything in Azure, with tags and (for rules and NICs) the properties that adoption may change. */
    snapshot(): string[];
    rulesOf(nsg: string): string[];
    vmTags(name: string): Record<string, string> | undefined;
    assertRolledBack(outcome: EnableDockerOutcome, before: string[], name: string): void;
    /**
     * What the VM's owner did before adoption, through Azure as they could have: a Custom Script run
     * that installs docker.io, writes their files and restarts (or stops) Docker, then that extension
     * removed again, since adoption needs the VM's only Custom Script slot.
     */
    configureDocker(name: string, files: Record<string, string>, docker?: 'restart' | 'stop'): Promise<void>;
    /** The VM's Docker files as the VM sees them. */
    vmFiles(name: string): Record<string, string | undefined>;
    /** The engine systemd runs on the VM, asked over its unix socket (whatever its TCP listeners). */
    engineInfo(name: string): Promise<EngineInfo>;
    stop(): Promise<void>;
}

export async function startAdoptionWorld(): Promise<AdoptionWorld> {
    const savedEnv = { ...process.env };
    const engines = dockerBackedVms();
    const emulator = await startEmulator({ seed, ...engines.hooks });
    const untrust = trustEmulatorCa(emulator.caPem);
    Object.assign(process.env, emulator.env());
    const settings = emulator.vscodeSettings();
    const cloud = resolveCloud(settings['microsoft-sovereign-cloud.environment'] as string, settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
    const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
    const deps: LifecycleDeps = { clients: await createArmClients(cloud, subscription.credential, subscriptionId), cloud, pollIntervalMs: 10 };
    const storageRoot = mkdtempSync(join(tmpdir(), 'adh-adopt-'));
    const world: AdoptionWorld = {
        emulator, engines, deps, storageRoot,
        enable: (name, extra = {}) =>
            enableDockerOnVm({ deps, vmId: vmIdOf(name), tlsPort: 2376, source: { kind: 'cidr', prefix: '203.0.113.7/32' }, storageRoot, engineTimeoutMs: 60_000, provisioningId: `adopt-${name}`, ...extra }),
        snapshot: () => emulator.inventory().map((i) => {
            const r = emulator.state.get(i.id);
            return JSON.stringify({ id: i.id, tags: i.tags, nsg: r?.properties.networkSecurityGroup ?? null, rule: /securityRules$/i.test(i.type) ? r?.properties : null });
        }).sort(),
        rulesOf: (nsg) => emulator.inventory().filter((i) => i.id.toLowerCase().startsWith(`${nsgIdOf(nsg).toLowerCase()}/securityrules/`))
            .map((i) => emulator.state.get(i.id)!.properties as { destinationPortRange: string; sourceAddressPrefix: string })
            .map((r) => `${r.destinationPortRange} from ${r.sourceAddressPrefix}`).sort(),
        vmTags: (name) => emulator.state.get(vmIdOf(name))?.tags,
        assertRolledBack(outcome, before, name) {
            assert.equal(outcome.ok, false);
            assert.deepEqual(world.snapshot(), before, 'Azure was left changed');
            assert.equal(world.vmTags(name)?.['azure-docker-hosts:docker'], undefined);
            assert.equal(existsSync(outcome.dir), false, 'local files were left');
            if (!outcome.ok) {
                assert.deepEqual(outcome.rollback.failedToDelete, []);
            }
        },
        async configureDocker(name, files, docker = 'restart') {
            const writes = Object.entries(files).map(([file, text]) => `mkdir -p "$(dirname '${file}')"; printf %s '${Buffer.from(text).toString('base64')}' | base64 -d >'${file}'`);
            const script = ['#!/bin/bash', 'set -euo pipefail', 'apt-get install -y docker.io', ...writes, 'systemctl daemon-reload', `systemctl ${docker} docker`, ''].join('\n');
            const extensions = deps.clients.compute.virtualMachineExtensions;
            await extensions.createOrUpdate(rg, name, 'owner-setup', {
                location: 'eastus', publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
                protectedSettings: { script: Buffer.from(script).toString('base64') },
            }, { updateIntervalInMs: 10 });
            await extensions.delete(rg, name, 'owner-setup', { updateIntervalInMs: 10 });
        },
        vmFiles: (name) => Object.fromEntries(ownedPaths.map((f) => [f, engines.vm(vmIdOf(name))!.disk.read(f)])),
        engineInfo: async (name) => engines.engine(vmIdOf(name))!.socketClient().info() as Promise<EngineInfo>,
        async stop() {
            await engines.stopAll();
            await emulator.stop();
            untrust();
            process.env = savedEnv;
        },
    };
    return world;
}
