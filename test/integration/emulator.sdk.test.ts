/**
 * The Azure emulator driven only by the real SDKs (@azure/identity, @azure/arm-resources-subscriptions,
 * @azure/arm-resources, @azure/arm-network, @azure/arm-compute), pointed at it the way a custom cloud
 * is: authorityHost + disableInstanceDiscovery for the credential; endpoint + credentials.scopes for
 * every ARM client. The CA is trusted process-wide (test/emulator/trust.ts), as NODE_EXTRA_CA_CERTS
 * does for the extension host; one test runs a child process with exactly `emulator.env()`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ClientSecretCredential } from '@azure/identity';
import type { TokenCredential } from '@azure/identity';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ResourceManagementClient } from '@azure/arm-resources';
import { NetworkManagementClient } from '@azure/arm-network';
import { ComputeManagementClient } from '@azure/arm-compute';
import type { VirtualMachine } from '@azure/arm-compute';
import { startEmulator } from '../emulator/server';
import type { Emulator, PublicIpInfo, VmHookInfo } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';
import type { Json } from '../emulator/util';

const sub = '5ab0c0de-0000-4000-8000-000000000001';
const rg = 'adh-sdk-test';
const location = 'eastus';
const poll = { updateIntervalInMs: 10 };
const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDockerHostsEmulatorTestKeyOnlyNotARealOne test';

interface RestErrorLike { code?: string; statusCode?: number; message: string }

async function rejectsWith(promise: Promise<unknown>, expected: { code?: string; statusCode?: number; message?: RegExp }): Promise<RestErrorLike> {
    try {
        await promise;
    } catch (e) {
        const err = e as RestErrorLike;
        if (expected.code !== undefined) {
            assert.equal(err.code, expected.code, err.message);
        }
        if (expected.statusCode !== undefined) {
            assert.equal(err.statusCode, expected.statusCode, err.message);
        }
        if (expected.message) {
            assert.match(err.message, expected.message);
        }
        return err;
    }
    assert.fail('expected the call to fail');
}

describe('Azure emulator through the real Azure SDKs', function () {
    this.timeout(60000);
    let emu: Emulator;
    let untrust: () => void;
    let cred: TokenCredential;
    const setupCalls: { vm: VmHookInfo; ip?: PublicIpInfo; protectedSettings: Json | undefined }[] = [];
    const powerCalls: string[] = [];
    let failSetup: string | undefined;

    const options = () => ({ endpoint: emu.url, credentials: { scopes: [`${emu.url}/.default`] } });
    const resources = () => new ResourceManagementClient(cred, sub, options());
    const network = () => new NetworkManagementClient(cred, sub, options());
    const compute = () => new ComputeManagementClient(cred, sub, options());
    const id = (type: string, ...names: string[]) => {
        const [ns, ...segments] = type.split('/');
        return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${segments.map((s, i) => `${s}/${names[i]}`).join('/')}`;
    };
    const vmParams = (name: string, nic: string, extra: Partial<VirtualMachine> = {}): VirtualMachine => ({
        location,
        tags: { 'azure-docker-hosts:docker': 'tls:2376', 'azure-docker-hosts:managed': 'true' },
        hardwareProfile: { vmSize: 'Standard_B2s' },
        storageProfile: {
            imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
            osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Standard_LRS' }, deleteOption: 'Delete' },
        },
        osProfile: {
            computerName: name,
            adminUsername: 'azureuser',
            customData: Buffer.from('#cloud-config\npackages: [docker.io]\n').toString('base64'),
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: sshKey }] },
            },
        },
        networkProfile: { networkInterfaces: [{ id: id('Microsoft.Network/networkInterfaces', nic), primary: true }] },
        ...extra,
    });
    const powerState = async (vm: string) =>
        (await compute().virtualMachines.instanceView(rg, vm)).statuses?.find((s) => s.code?.startsWith('PowerState/'))?.code;

    before(async () => {
        emu = await startEmulator({
            seed: {
                subscriptions: [{
                    subscriptionId: sub,
                    displayName: 'SDK test subscription',
                    coreQuota: 8,
                    skuRestrictions: [{ sku: 'Standard_D4s_v5', locations: [location] }],
                }],
            },
            onSetupExtension: (vm, ip, protectedSettings) => {
                setupCalls.push({ vm, ip, protectedSettings });
                if (failSetup) {
                    throw new Error(failSetup);
                }
            },
            onVmPower: (vm, state) => {
                powerCalls.push(`${vm.name}:${state}`);
            },
        });
        untrust = trustEmulatorCa(emu.caPem);
        cred = new ClientSecretCredential(emu.tenantId, emu.clientId, emu.clientSecret, {
            authorityHost: emu.url,
            disableInstanceDiscovery: true,
        });
    });

    after(async () => {
        untrust?.();
        await emu?.stop();
    });

    afterEach(() => emu.faults.clear());

    it('issues a token through ClientSecretCredential, and rejects a wrong secret with AADSTS7000215', async () => {
        const token = await cred.getToken(`${emu.url}/.default`);
        assert.ok(token?.token.startsWith('emu.'));
        assert.ok(token && token.expiresOnTimestamp > Date.now() + 60_000);
        const bad = new ClientSecretCredential(emu.tenantId, emu.clientId, 'not-the-secret', { authorityHost: emu.url, disableInstanceDiscovery: true });
        await rejectsWith(bad.getToken(`${emu.url}/.default`), { message: /AADSTS7000215/ });
    });

    it('lists subscriptions and their locations', async () => {
        const client = new SubscriptionClient(cred, options());
        const subs = [];
        for await (const s of client.subscriptions.list()) {
            subs.push(s);
        }
        assert.deepEqual(subs.map((s) => [s.subscriptionId, s.displayName, s.state, s.tenantId]), [[sub, 'SDK test subscription', 'Enabled', emu.tenantId]]);
        const locations = [];
        for await (const l of client.subscriptions.listLocations(sub)) {
            locations.push(l.name);
        }
        assert.ok(locations.includes('eastus') && locations.includes('westeurope'), locations.join());
    });

    it('rejects a client that asks for a token for the public cloud (no credentials.scopes)', async () => {
        const c = new ComputeManagementClient(cred, sub, { endpoint: emu.url });
        await rejectsWith((async () => {
            for await (const vm of c.virtualMachines.listAll()) {
                void vm;
            }
        })(), { statusCode: 401, code: 'InvalidAuthenticationTokenAudience' });
    });

    it('creates RG -> vnet -> NSG -> PIP -> NIC -> VM -> extension through the SDK pollers', async () => {
        const group = await resources().resourceGroups.createOrUpdate(rg, { location, tags: { 'azure-docker-hosts:managed': 'true' } });
        assert.equal(group.properties?.provisioningState, 'Succeeded');
        const net = network();
        const [vnet, nsg, pip] = await Promise.all([
            net.virtualNetworks.createOrUpdate(rg, 'vnet1', {
                location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
                subnets: [{ name: 'default', addressPrefix: '10.0.0.0/24' }],
            }, poll),
            net.networkSecurityGroups.createOrUpdate(rg, 'nsg1', {
                location,
                securityRules: [
                    { name: 'ssh', priority: 1000, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '203.0.113.7/32', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '22' },
                    { name: 'docker', priority: 1010, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '203.0.113.7/32', sourcePortRange: '*', destinationAddressPrefix: '*', destinationPortRange: '2376' },
                ],
            }, poll),
            net.publicIPAddresses.createOrUpdate(rg, 'pip1', {
                location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'adh-sdk-host1' },
            }, poll),
        ]);
        assert.equal(vnet.provisioningState, 'Succeeded');
        assert.equal(vnet.subnets?.[0].provisioningState, 'Succeeded');
        assert.equal(nsg.provisioningState, 'Succeeded');
        assert.deepEqual(nsg.securityRules?.map((r) => r.name), ['ssh', 'docker']);
        assert.equal(pip.provisioningState, 'Succeeded');
        assert.match(pip.ipAddress ?? '', /^127\.1\.\d+\.\d+$/);
        assert.equal(pip.dnsSettings?.fqdn, 'adh-sdk-host1.eastus.cloudapp.azure.com');

        const nic = await net.networkInterfaces.createOrUpdate(rg, 'nic1', {
            location,
            networkSecurityGroup: { id: nsg.id },
            ipConfigurations: [{ name: 'ipconfig1', subnet: { id: vnet.subnets?.[0].id }, publicIPAddress: { id: pip.id } }],
        }, poll);
        assert.equal(nic.provisioningState, 'Succeeded');
        assert.equal(nic.ipConfigurations?.[0].privateIPAddress, '10.0.0.4');

        const vm = await compute().virtualMachines.createOrUpdate(rg, 'host1', vmParams('host1', 'nic1'), poll);
        assert.equal(vm.provisioningState, 'Succeeded');
        assert.equal(vm.osProfile?.customData, undefined, 'ARM never returns customData');
        const stored = emu.state.get(id('Microsoft.Compute/virtualMachines', 'host1'));
        assert.equal(Buffer.from(stored?.customData ?? '', 'base64').toString(), '#cloud-config\npackages: [docker.io]\n');

        const ext = await compute().virtualMachineExtensions.createOrUpdate(rg, 'host1', 'docker-setup', {
            location,
            publisher: 'Microsoft.Azure.Extensions',
            typePropertiesType: 'CustomScript',
            typeHandlerVersion: '2.1',
            autoUpgradeMinorVersion: true,
            settings: {},
            protectedSettings: { script: 'ZWNobyBoaQ==' },
        }, poll);
        assert.equal(ext.provisioningState, 'Succeeded');
        assert.equal(ext.protectedSettings, undefined, 'ARM never returns protectedSettings');
        assert.equal(setupCalls.length, 1);
        assert.deepEqual(setupCalls[0].protectedSettings, { script: 'ZWNobyBoaQ==' });
        assert.equal(setupCalls[0].ip?.ipAddress, pip.ipAddress);
        assert.equal(setupCalls[0].vm.tags['azure-docker-hosts:docker'], 'tls:2376');

        const got = await compute().virtualMachines.get(rg, 'host1', { expand: 'instanceView' });
        assert.deepEqual(got.resources?.map((r) => r.id), [ext.id]);
        assert.deepEqual(got.instanceView?.statuses?.map((s) => s.code), ['ProvisioningState/succeeded', 'PowerState/running']);
        const nicNow = await net.networkInterfaces.get(rg, 'nic1');
        assert.equal(nicNow.virtualMachine?.id, vm.id);
    });

    it('answers dependency violations with the ARM error codes', async () => {
        const net = network();
        await rejectsWith(net.networkInterfaces.createOrUpdate(rg, 'nic-bad', {
            location, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: id('Microsoft.Network/virtualNetworks/subnets', 'nope', 'default') } }],
        }, poll), { statusCode: 400, code: 'InvalidResourceReference' });
        await rejectsWith(compute().virtualMachines.createOrUpdate(rg, 'vm-bad', vmParams('vm-bad', 'missing-nic'), poll),
            { statusCode: 400, code: 'InvalidResourceReference' });
        await rejectsWith(new NetworkManagementClient(cred, sub, options()).publicIPAddresses.createOrUpdate('no-such-rg', 'p', { location }, poll),
            { statusCode: 404, code: 'ResourceGroupNotFound' });
        await rejectsWith(compute().virtualMachineExtensions.createOrUpdate(rg, 'no-such-vm', 'x', {
            location, publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
        }, poll), { statusCode: 404, code: 'ParentResourceNotFound' });
        await rejectsWith(net.publicIPAddresses.delete(rg, 'pip1', poll), { statusCode: 400, code: 'PublicIPAddressCannotBeDeleted' });
        await rejectsWith(net.networkInterfaces.delete(rg, 'nic1', poll), { statusCode: 400, code: 'NicInUse' });
    });

    it('rejects a DNS label already taken in the location with DnsRecordInUse (400)', async () => {
        const net = network();
        const check = await net.checkDnsNameAvailability(location, 'adh-sdk-host1');
        assert.equal(check.available, false);
        assert.equal((await net.checkDnsNameAvailability(location, 'adh-sdk-free-label')).available, true);
        await rejectsWith(net.publicIPAddresses.createOrUpdate(rg, 'pip-dup', {
            location, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'adh-sdk-host1' },
        }, poll), { statusCode: 400, code: 'DnsRecordInUse' });
    });

    it('enforces size restrictions and core quota', async () => {
        await rejectsWith(compute().virtualMachines.createOrUpdate(rg, 'big', vmParams('big', 'nic1', { hardwareProfile: { vmSize: 'Standard_D4s_v5' } }), poll),
            { statusCode: 409, code: 'SkuNotAvailable' });
        const net = network();
        await net.networkInterfaces.createOrUpdate(rg, 'nic-quota', {
            location, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: id('Microsoft.Network/virtualNetworks/subnets', 'vnet1', 'default') } }],
        }, poll);
        await rejectsWith(compute().virtualMachines.createOrUpdate(rg, 'quota', vmParams('quota', 'nic-quota', { hardwareProfile: { vmSize: 'Standard_D8s_v5' } }), poll),
            { statusCode: 409, code: 'OperationNotAllowed', message: /Current Limit: 8, Current Usage: 2, Additional Required: 8/ });
        await net.networkInterfaces.delete(rg, 'nic-quota', poll);
    });

    it('retries a 429 with retry-after-ms transparently', async () => {
        const fault = emu.faults.add({ method: 'GET', path: /\/providers\/Microsoft\.Compute\/virtualMachines$/i, status: 429, retryAfterMs: 10, times: 2 });
        const before = emu.requestLog.length;
        const names = [];
        for await (const vm of compute().virtualMachines.list(rg)) {
            names.push(vm.name);
        }
        assert.deepEqual(names, ['host1']);
        assert.equal(fault.hits, 2);
        const lists = emu.requestLog.slice(before).filter((e) => /virtualMachines$/i.test(e.path));
        assert.deepEqual(lists.map((e) => e.status), [429, 429, 200]);
    });

    it('surfaces a failed LRO and leaves the resource Failed', async () => {
        emu.faults.add({ method: 'PUT', path: /virtualNetworks\/vnet-fail$/i, lroFailed: { code: 'InternalServerError', message: 'Simulated failure' } });
        await rejectsWith(network().virtualNetworks.createOrUpdate(rg, 'vnet-fail', {
            location, addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
        }, poll), { message: /long-running operation has failed.*InternalServerError.*Simulated failure/i });
        assert.equal((await network().virtualNetworks.get(rg, 'vnet-fail')).provisioningState, 'Failed');
        await network().virtualNetworks.delete(rg, 'vnet-fail', poll);
    });

    it('fails the extension with VMExtensionProvisioningError when the setup hook throws', async () => {
        failSetup = 'docker did not start';
        try {
            await rejectsWith(compute().virtualMachineExtensions.createOrUpdate(rg, 'host1', 'docker-setup', {
                location, publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
                protectedSettings: { script: 'ZWNobyBoaQ==' },
            }, poll), { message: /VMExtensionProvisioningError.*docker did not start/ });
        } finally {
            failSetup = undefined;
        }
        const vm = await compute().virtualMachines.get(rg, 'host1');
        assert.equal(vm.provisioningState, 'Failed');
        const ext = await compute().virtualMachineExtensions.get(rg, 'host1', 'docker-setup');
        assert.equal(ext.provisioningState, 'Failed');
        // A successful retry heals both.
        await compute().virtualMachineExtensions.createOrUpdate(rg, 'host1', 'docker-setup', {
            location, publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
            protectedSettings: { script: 'ZWNobyBoaQ==' },
        }, poll);
        assert.equal((await compute().virtualMachines.get(rg, 'host1')).provisioningState, 'Succeeded');
    });

    it('moves power state through powerOff, deallocate and start, and calls onVmPower', async () => {
        powerCalls.length = 0;
        await compute().virtualMachines.powerOff(rg, 'host1', poll);
        assert.equal(await powerState('host1'), 'PowerState/stopped');
        await compute().virtualMachines.deallocate(rg, 'host1', poll);
        assert.equal(await powerState('host1'), 'PowerState/deallocated');
        await rejectsWith(compute().virtualMachines.restart(rg, 'host1', poll), { statusCode: 409, code: 'OperationNotAllowed' });
        await rejectsWith(compute().virtualMachineExtensions.createOrUpdate(rg, 'host1', 'other', {
            location, publisher: 'Microsoft.Azure.Extensions', typePropertiesType: 'CustomScript', typeHandlerVersion: '2.1',
        }, poll), { statusCode: 409, code: 'OperationNotAllowed' });
        await compute().virtualMachines.start(rg, 'host1', poll);
        assert.equal(await powerState('host1'), 'PowerState/running');
        assert.deepEqual(powerCalls, ['host1:stopped', 'host1:running']);
    });

    it('lists VMs with statusOnly=true, each with its instance view', async () => {
        const all = [];
        for await (const vm of compute().virtualMachines.listAll({ statusOnly: 'true' })) {
            all.push(vm);
        }
        assert.equal(all.length, 1);
        assert.equal(all[0].name, 'host1');
        assert.deepEqual(all[0].instanceView?.statuses?.map((s) => s.code), ['ProvisioningState/succeeded', 'PowerState/running']);
    });

    it('recovers from a CAE revocation transparently, and not from a hard one', async () => {
        const c = compute();
        await c.virtualMachines.get(rg, 'host1');
        emu.tokens.revokeAll('cae');
        assert.equal((await c.virtualMachines.get(rg, 'host1')).name, 'host1');
        emu.tokens.revokeAll('hard');
        await rejectsWith(c.virtualMachines.get(rg, 'host1'), { statusCode: 401, code: 'InvalidAuthenticationToken' });
        // The credential caches the revoked token: the later tests need a fresh one.
        cred = new ClientSecretCredential(emu.tenantId, emu.clientId, emu.clientSecret, { authorityHost: emu.url, disableInstanceDiscovery: true });
    });

    it('works from a child process configured only by emulator.env() (NODE_EXTRA_CA_CERTS + EnvironmentCredential)', async () => {
        const script = `
            const { EnvironmentCredential } = require(${JSON.stringify(require.resolve('@azure/identity'))});
            const { SubscriptionClient } = require(${JSON.stringify(require.resolve('@azure/arm-resources-subscriptions'))});
            (async () => {
                const url = process.env.AZURE_AUTHORITY_HOST;
                const cred = new EnvironmentCredential({ disableInstanceDiscovery: true });
                const client = new SubscriptionClient(cred, { endpoint: url, credentials: { scopes: [url + '/.default'] } });
                const names = [];
                for await (const s of client.subscriptions.list()) names.push(s.displayName);
                console.log(JSON.stringify(names));
            })().catch((e) => { console.error(e.message); process.exit(1); });`;
        const env: Record<string, string | undefined> = { ...process.env, ...emu.env() };
        delete env.HTTPS_PROXY;
        delete env.https_proxy;
        const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env, timeout: 30000 });
        assert.deepEqual(JSON.parse(stdout), ['SDK test subscription']);
    });

    it('deletes the resource group and everything in it', async () => {
        powerCalls.length = 0;
        await resources().resourceGroups.delete(rg, poll);
        assert.deepEqual(emu.inventory().filter((r) => r.id.toLowerCase().includes(`/resourcegroups/${rg}`)), []);
        assert.deepEqual(powerCalls, ['host1:deleted']);
        await rejectsWith(compute().virtualMachines.get(rg, 'host1'), { statusCode: 404, code: 'ResourceGroupNotFound' });
        assert.deepEqual(await resources().resourceGroups.checkExistence(rg), { body: false });
    });
});

describe('Azure emulator latency and transport faults, through the SDKs', function () {
    this.timeout(60000);
    let emu: Emulator;
    let untrust: () => void;
    let cred: TokenCredential;
    const options = () => ({ endpoint: emu.url, credentials: { scopes: [`${emu.url}/.default`] } });

    before(async () => {
        // azure-typical ÷1000: a VM takes 50 ms, an RG 2 ms, each request 0.15 ms.
        emu = await startEmulator({ seed: { subscriptions: [{ subscriptionId: sub, displayName: 'latency' }] }, latency: { name: 'azure-typical', scale: 1000 } });
        untrust = trustEmulatorCa(emu.caPem);
        cred = new ClientSecretCredential(emu.tenantId, emu.clientId, emu.clientSecret, { authorityHost: emu.url, disableInstanceDiscovery: true });
    });

    after(async () => {
        untrust?.();
        await emu?.stop();
    });

    it('keeps a PUT non-terminal for the profile\'s time, polled through Azure-AsyncOperation', async () => {
        await new ResourceManagementClient(cred, sub, options()).resourceGroups.createOrUpdate('lat', { location });
        const net = new NetworkManagementClient(cred, sub, options());
        const started = Date.now();
        const poller = net.virtualNetworks.createOrUpdate('lat', 'v', { location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] } }, poll);
        await poller.submitted();
        assert.equal((await net.virtualNetworks.get('lat', 'v')).provisioningState, 'Updating');
        const vnet = await poller;
        assert.equal(vnet.provisioningState, 'Succeeded');
        assert.ok(Date.now() - started >= 8, 'virtualNetwork takes 8 s ÷ 1000');
        const polls = emu.requestLog.filter((e) => /\/providers\/Microsoft\.Network\/locations\/eastus\/operations\//i.test(e.path));
        assert.ok(polls.length >= 1 && polls.every((e) => e.status === 200), JSON.stringify(polls));
    });

    it('never answers a hung request (the caller\'s timeout ends it)', async () => {
        emu.faults.add({ method: 'GET', path: /resourcegroups\/lat$/i, hang: true, once: true });
        const rm = new ResourceManagementClient(cred, sub, options());
        await rejectsWith(rm.resourceGroups.get('lat', { abortSignal: AbortSignal.timeout(300) }), { message: /abort/i });
        assert.equal((await rm.resourceGroups.get('lat')).name, 'lat');
    });

    it('resets the connection mid-response: the SDK surfaces it', async () => {
        emu.faults.add({ method: 'GET', path: /resourcegroups\/lat$/i, reset: true, once: true });
        const rm = new ResourceManagementClient(cred, sub, options());
        await rejectsWith(rm.resourceGroups.get('lat'), { message: /aborted/ });
        assert.equal((await rm.resourceGroups.get('lat')).name, 'lat');
    });

    it('resets the connection before responding: the SDK retries it', async () => {
        const fault = emu.faults.add({ method: 'GET', path: /resourcegroups\/lat$/i, reset: 'before-response', once: true });
        const rm = new ResourceManagementClient(cred, sub, options());
        assert.equal((await rm.resourceGroups.get('lat')).name, 'lat');
        assert.equal(fault.hits, 1);
    });
});
