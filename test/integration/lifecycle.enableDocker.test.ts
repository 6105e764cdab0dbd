import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients } from '../../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { environmentSource } from '../../src/azure/credentialSources';
import { hostDir } from '../../src/azure/create/hostFiles';
import { listDockerHosts } from '../../src/azure/discovery';
import { deleteHost } from '../../src/azure/lifecycle/deleteHost';
import { listAdoptableVms } from '../../src/azure/lifecycle/adoptionTarget';
import { adoptionDenyRules, enableDockerOnVm, type EnableDockerOutcome } from '../../src/azure/lifecycle/enableDockerOnVm';
import { listHostResources } from '../../src/azure/lifecycle/hostResources';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { dockerBackedVms, type DockerBackedVms } from '../emulator/dockerBackedVms';
import { startEmulator, type Emulator, type Seed } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';

const subscriptionId = '00000000-0000-4000-8000-0000000000ad';
const rg = 'plain-rg';
const vmIdOf = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
const nsgIdOf = (name: string) => `/subscriptions/${subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/networkSecurityGroups/${name}`;

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

describe('Enable Docker on an existing VM', function () {
    this.timeout(180_000);
    let emulator: Emulator;
    let engines: DockerBackedVms;
    let deps: LifecycleDeps;
    let storageRoot: string;
    let untrust: () => void;
    const savedEnv = { ...process.env };

    before(async () => {
        engines = dockerBackedVms();
        emulator = await startEmulator({ seed, onSetupExtension: engines.onSetupExtension, onVmPower: engines.onVmPower });
        untrust = trustEmulatorCa(emulator.caPem);
        Object.assign(process.env, emulator.env());
        const settings = emulator.vscodeSettings();
        const cloud = resolveCloud(settings['microsoft-sovereign-cloud.environment'] as string, settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
        deps = { clients: await createArmClients(cloud, subscription.credential, subscriptionId), cloud, pollIntervalMs: 10 };
        storageRoot = mkdtempSync(join(tmpdir(), 'adh-adopt-'));
    });
    afterEach(() => emulator.faults.clear());
    after(async () => {
        await engines?.stopAll();
        await emulator?.stop();
        untrust?.();
        process.env = savedEnv;
    });

    const enable = (name: string, extra: Partial<Parameters<typeof enableDockerOnVm>[0]> = {}) =>
        enableDockerOnVm({ deps, vmId: vmIdOf(name), tlsPort: 2376, source: { kind: 'cidr', prefix: '203.0.113.7/32' }, storageRoot, engineTimeoutMs: 60_000, provisioningId: `adopt-${name}`, ...extra });
    /** Everything in Azure, with tags and (for rules and NICs) the properties that adoption may change. */
    const snapshot = () => emulator.inventory().map((i) => {
        const r = emulator.state.get(i.id);
        return JSON.stringify({ id: i.id, tags: i.tags, nsg: r?.properties.networkSecurityGroup ?? null, rule: /securityRules$/i.test(i.type) ? r?.properties : null });
    }).sort();
    const rulesOf = (nsg: string) => emulator.inventory().filter((i) => i.id.toLowerCase().startsWith(`${nsgIdOf(nsg).toLowerCase()}/securityrules/`))
        .map((i) => emulator.state.get(i.id)!.properties as { destinationPortRange: string; sourceAddressPrefix: string })
        .map((r) => `${r.destinationPortRange} from ${r.sourceAddressPrefix}`).sort();
    const vmTags = (name: string) => emulator.state.get(vmIdOf(name))?.tags;
    const assertRolledBack = (outcome: EnableDockerOutcome, before: string[], name: string) => {
        assert.equal(outcome.ok, false);
        assert.deepEqual(snapshot(), before, 'Azure was left changed');
        assert.equal(vmTags(name)?.['azure-docker-hosts:docker'], undefined);
        assert.equal(existsSync(outcome.dir), false, 'local files were left');
        if (!outcome.ok) {
            assert.deepEqual(outcome.rollback.failedToDelete, []);
        }
    };

    it('offers only Linux VMs that are not Docker hosts, and refuses one without a public IP, naming the fix', async () => {
        assert.deepEqual((await listAdoptableVms(deps)).map((v) => v.name), ['bare', 'cancelled', 'configured', 'conflicting', 'denied', 'failing', 'faulty', 'private', 'withnsg']);
        const before = snapshot();
        await assert.rejects(enable('private'), /private has no public IP address.*Associate a static public IP address/);
        assert.deepEqual(snapshot(), before);
        assert.equal(existsSync(hostDir(storageRoot, { subscriptionId, resourceGroup: rg, name: 'private' })), false);
    });

    it('turns a plain VM without an NSG into a host that lists containers: new NSG attached, then the tag', async () => {
        const outcome = await enable('bare');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(outcome.address, { ipAddress: '127.1.77.11', fqdn: 'adopt-bare.eastus.cloudapp.azure.com' });
        assert.deepEqual(vmTags('bare'), { team: 'web', 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'adopt-bare', 'azure-docker-hosts:docker': 'tls:2376' });
        const nsg = emulator.state.get(nsgIdOf('bare-nsg'));
        assert.equal(nsg?.tags['azure-docker-hosts:provisioning'], 'adopt-bare');
        assert.deepEqual(rulesOf('bare-nsg'), ['22 from 203.0.113.7/32', '2376 from 203.0.113.7/32']);
        const nic = emulator.inventory().find((i) => /bare-nic$/.test(i.id))!;
        assert.equal((emulator.state.get(nic.id)!.properties.networkSecurityGroup as { id: string }).id.toLowerCase(), nsgIdOf('bare-nsg').toLowerCase());
        assert.deepEqual(readdirSync(outcome.dir).sort(), ['ca.pem', 'cert.pem', 'host.json', 'key.pem', 'server-cert.pem']);

        const tls = await readClientMaterial(outcome.dir);
        const docker = new Docker({ protocol: 'https', host: '127.1.77.11', port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        await docker.createContainer({ name: 'adopted-probe', Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        const names = (await docker.listContainers({ all: true })).flatMap((c) => c.Names);
        assert.deepEqual(names, ['/adopted-probe']);
        const host = (await listDockerHosts(deps.clients)).find((h) => h.name === 'bare');
        assert.equal(host?.tlsPort, 2376);
        assert.equal(host?.publicIp, '127.1.77.11');
    });

    it('a fault in the extension step leaves a VM with an NSG as it was: no tag, no new rule, no extension, no local files', async () => {
        const before = snapshot();
        emulator.faults.add({ method: 'PUT', path: '/virtualMachines/withnsg/extensions/[^/]+$', once: true, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed: apt-get could not reach the archive.' } });
        const outcome = await enable('withnsg');
        assertRolledBack(outcome, before, 'withnsg');
        assert.match(String((outcome as { error: Error }).error.message), /apt-get could not reach the archive/);
        assert.deepEqual(rulesOf('withnsg-nsg'), ['22 from 198.51.100.0/24']);
        assert.equal(emulator.state.get(`${vmIdOf('withnsg')}/extensions/docker-tls-setup`), undefined);
    });

    it('after that rollback, a retry adds its rules to the NIC\'s existing NSG and succeeds', async () => {
        const outcome = await enable('withnsg');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(rulesOf('withnsg-nsg'), ['22 from 198.51.100.0/24', '22 from 203.0.113.7/32', '2376 from 203.0.113.7/32']);
        assert.equal(vmTags('withnsg')?.['azure-docker-hosts:docker'], 'tls:2376');
    });

    it('a fault in the extension step on a VM without an NSG leaves no new NSG and the NIC unattached', async () => {
        const before = snapshot();
        emulator.faults.add({ method: 'PUT', path: '/virtualMachines/faulty/extensions/[^/]+$', once: true, lroFailed: { code: 'VMExtensionProvisioningError', message: 'The setup script failed.' } });
        const outcome = await enable('faulty');
        assertRolledBack(outcome, before, 'faulty');
        assert.equal(emulator.state.get(nsgIdOf('faulty-nsg')), undefined);
    });

    it('a cancel during the engine wait rolls back too', async () => {
        const before = snapshot();
        const controller = new AbortController();
        const outcome = await enable('faulty', {
            signal: controller.signal,
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'engineReady') {
                    controller.abort(new Error('cancelled by the user'));
                }
            },
        });
        assertRolledBack(outcome, before, 'faulty');
        assert.ok(!outcome.ok && outcome.cancelled);
    });

    it('lists an adopted host\'s VM as not created here and its new NSG as created here; deleting the NSG detaches it and keeps the files', async () => {
        const dir = hostDir(storageRoot, { subscriptionId, resourceGroup: rg, name: 'bare' });
        const listed = await listHostResources(deps, vmIdOf('bare'), { hostDir: dir });
        assert.deepEqual(listed.resources.map((r) => `${r.kind} ${r.name} ${r.createdByExtension}`), ['virtualMachine bare false', 'networkSecurityGroup bare-nsg true']);
        const report = await deleteHost({ deps, vmId: vmIdOf('bare'), selection: listed.resources.filter((r) => r.createdByExtension), hostDir: dir });
        assert.deepEqual(report.failed, []);
        assert.equal(emulator.state.get(nsgIdOf('bare-nsg')), undefined);
        assert.equal(report.localFilesRemoved, false);
        assert.ok(existsSync(join(dir, 'key.pem')));
    });

    /**
     * What the VM's owner did before adoption, through Azure as they could have: a Custom Script run
     * that installs docker.io, writes their files and restarts Docker (the emulator then starts dockerd
     * from them), then that extension removed again, since adoption needs the VM's only Custom Script slot.
     */
    async function configureDocker(name: string, files: Record<string, string>, docker: 'restart' | 'stop' = 'restart'): Promise<void> {
        const writes = Object.entries(files).map(([file, text]) => `mkdir -p "$(dirname '${file}')"; printf %s '${Buffer.from(text).toString('base64')}' | base64 -d >'${file}'`);
        const script = ['#!/bin/bash', 'set -euo pipefail', 'apt-get install -y docker.io', ...writes, 'systemctl daemon-reload', `systemctl ${docker} docker`, ''].join('\n');
        const extensions = deps.clients.compute.virtualMachineExtensions;
        await extensions.createOrUpdate(rg, name, 'owner-setup', {
            location: 'eastus', publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
            protectedSettings: { script: Buffer.from(script).toString('base64') },
        }, { updateIntervalInMs: 10 });
        await extensions.delete(rg, name, 'owner-setup', { updateIntervalInMs: 10 });
    }
    const ownerConfig = {
        'data-root': '/srv/docker-data',
        'log-driver': 'json-file',
        'log-opts': { 'max-size': '10m', 'max-file': '3' },
        'registry-mirrors': ['https://mirror.example.test'],
    };
    const ownerFiles = { '/etc/docker/daemon.json': `${JSON.stringify(ownerConfig, null, 4)}\n`, '/etc/systemd/system/docker.service.d/limits.conf': '[Service]\nLimitNOFILE=65536\n' };
    const ownedPaths = ['/etc/docker/daemon.json', '/etc/docker/ca.pem', '/etc/docker/server-cert.pem', '/etc/docker/server-key.pem',
        '/etc/systemd/system/docker.service.d/azure-docker-hosts.conf', '/etc/systemd/system/docker.service.d/limits.conf', '/etc/systemd/system/docker.service.d/override.conf'];
    /** The VM's Docker files as the VM sees them. */
    const vmFiles = (name: string) => Object.fromEntries(ownedPaths.map((f) => [f, engines.vm(vmIdOf(name))!.disk.read(f)]));
    /** The engine systemd runs on the VM, asked over its unix socket (whatever its TCP listeners). */
    const engineInfo = async (name: string) => engines.engine(vmIdOf(name))!.socketClient().info() as Promise<{ DockerRootDir: string; LoggingDriver: string; RegistryConfig: { Mirrors: string[] } }>;

    it('adoption keeps the VM\'s daemon.json (data-root, log options, registry mirrors) and the engine runs with it over TLS', async () => {
        await configureDocker('configured', ownerFiles);
        const outcome = await enable('configured');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        assert.deepEqual(JSON.parse(vmFiles('configured')['/etc/docker/daemon.json']!), {
            ...ownerConfig, tls: true, tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/server-cert.pem', tlskey: '/etc/docker/server-key.pem',
        });
        assert.equal(vmFiles('configured')['/etc/systemd/system/docker.service.d/limits.conf'], ownerFiles['/etc/systemd/system/docker.service.d/limits.conf']);
        const tls = await readClientMaterial(outcome.dir);
        const docker = new Docker({ protocol: 'https', host: '127.1.77.21', port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        const info = await docker.info() as { DockerRootDir: string; LoggingDriver: string; RegistryConfig: { Mirrors: string[] } };
        assert.equal(info.DockerRootDir, '/srv/docker-data');
        assert.equal(info.LoggingDriver, 'json-file');
        assert.deepEqual(info.RegistryConfig.Mirrors, ['https://mirror.example.test/']);
        const container = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        assert.deepEqual((await container.inspect()).HostConfig.LogConfig, { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } });
    });

    it('a conflicting "hosts" and ExecStart stop adoption with the conflicts listed, and leave the VM\'s files and Azure as they were', async () => {
        // The owner's Docker is stopped: the emulator serves its engines on its own socket, which a "hosts" in daemon.json would clash with.
        await configureDocker('conflicting', {
            '/etc/docker/daemon.json': `${JSON.stringify({ ...ownerConfig, hosts: ['unix:///var/run/docker.sock'] })}\n`,
            '/etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n',
        }, 'stop');
        const files = vmFiles('conflicting');
        const before = snapshot();
        const outcome = await enable('conflicting');
        assertRolledBack(outcome, before, 'conflicting');
        const message = String((outcome as { error: Error }).error.message);
        assert.match(message, /^The Docker configuration on conflicting conflicts with the TLS setup, so nothing was changed on the VM: /);
        assert.match(message, /daemon\.json: "hosts" is \["unix:\/\/\/var\/run\/docker\.sock"\]/);
        assert.match(message, /override\.conf sets ExecStart=\/usr\/bin\/dockerd; /);
        assert.deepEqual(vmFiles('conflicting'), files);
        assert.equal(engines.engine(vmIdOf('conflicting')), undefined, 'the setup started Docker');
    });

    it('a setup whose engine cannot start is rolled back with the VM\'s files restored and its engine running as before', async () => {
        await configureDocker('failing', ownerFiles);
        const files = vmFiles('failing');
        const before = snapshot();
        // Something of the owner's already listens on the TLS port: dockerd fails after the merge.
        const squatter = createServer().listen(2376, '127.1.77.23');
        await once(squatter, 'listening');
        try {
            const outcome = await enable('failing');
            assertRolledBack(outcome, before, 'failing');
            assert.match(String((outcome as { error: Error }).error.message), /docker\.service did not start after the script/);
        } finally {
            squatter.close();
        }
        assert.deepEqual(vmFiles('failing'), files);
        assert.equal((await engineInfo('failing')).DockerRootDir, '/srv/docker-data');
    });

    it('a rollback after the setup succeeded (cancel during the engine wait) restores the VM\'s files', async () => {
        await configureDocker('cancelled', ownerFiles);
        const files = vmFiles('cancelled');
        const before = snapshot();
        const controller = new AbortController();
        let merged: unknown;
        const outcome = await enable('cancelled', {
            signal: controller.signal,
            onEvent: (e) => {
                if (e.type === 'start' && e.nodeId === 'engineReady') {
                    merged = JSON.parse(vmFiles('cancelled')['/etc/docker/daemon.json']!);
                    controller.abort(new Error('cancelled by the user'));
                }
            },
        });
        assert.equal((merged as { tlsverify?: boolean }).tlsverify, true, 'the setup had not run before the cancel');
        assertRolledBack(outcome, before, 'cancelled');
        assert.deepEqual(vmFiles('cancelled'), files);
        assert.equal((await engineInfo('cancelled')).DockerRootDir, '/srv/docker-data');
    });

    it('finds the user\'s Deny rule for SSH, refuses to place its allow rules above it unasked, and does so only when the user agreed', async () => {
        const denies = await adoptionDenyRules(deps, vmIdOf('denied'), 2376);
        assert.deepEqual(denies.map((d) => `${d.name} ${d.priority} ${d.port} ${d.source}`), ['no-ssh 300 22 Internet']);
        const before = snapshot();
        await assert.rejects(enable('denied'), /would place its allow rules above your Deny rules: no-ssh \(priority 300 in denied-nsg\) denies port 22 from Internet/);
        assert.deepEqual(snapshot(), before);
        assert.equal(existsSync(hostDir(storageRoot, { subscriptionId, resourceGroup: rg, name: 'denied' })), false);

        const outcome = await enable('denied', { placeAboveDenyRules: true });
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        const priorityOf = (rule: string) => (emulator.state.get(`${nsgIdOf('denied-nsg')}/securityRules/${rule}`)!.properties as { priority: number }).priority;
        assert.ok(priorityOf('azure-docker-hosts-ssh') < 300, `ssh allow rule at ${priorityOf('azure-docker-hosts-ssh')}`);
    });
});
