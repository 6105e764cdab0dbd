import * as assert from 'node:assert/strict';
import { renderCloudInit } from '../../src/hostSetup/cloudInit';
import { buildSetupExtension } from '../../src/hostSetup/extensionSettings';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { ubuntuImages } from '../../src/azure/create/plan';
import {
    networkInterfaceBody,
    networkSecurityGroupBody,
    publicIpBody,
    setupExtensionBody,
    virtualMachineBody,
    virtualNetworkBody,
} from '../../src/azure/create/requestBodies';
import { createCa, issueServerCert } from '../../src/tls/certificates';

const plan: CreateHostPlan = {
    subscriptionId: 'sub',
    name: 'dock1',
    location: 'westeurope',
    vmSize: 'Standard_B2s',
    image: ubuntuImages[0],
    adminUser: 'azureuser',
    sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIL0 me',
    tlsPort: 2376,
    source: { kind: 'cidr', prefix: '203.0.113.7/32' },
    resourceGroup: 'dock1-rg',
    createResourceGroup: true,
    provisioningId: 'run-1',
};

describe('create: request bodies', () => {
    it('tags every resource with the managed and provisioning tags, and only the VM as a Docker host', () => {
        const nicIds = { subnetId: 's', publicIpId: 'p', nsgId: 'n' };
        for (const body of [virtualNetworkBody(plan), networkSecurityGroupBody(plan), publicIpBody(plan), networkInterfaceBody(plan, nicIds)]) {
            assert.deepEqual(body.tags, { 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'run-1' });
        }
        assert.equal(virtualMachineBody(plan, 'nic', '#cloud-config').tags?.['azure-docker-hosts:docker'], 'tls:2376');
    });

    it('opens exactly ports 22 and the TLS port, from the chosen source only', () => {
        const rules = networkSecurityGroupBody(plan).securityRules ?? [];
        assert.deepEqual(rules.map((r) => [r.destinationPortRange, r.sourceAddressPrefix, r.access, r.direction, r.protocol]), [
            ['22', '203.0.113.7/32', 'Allow', 'Inbound', 'Tcp'],
            ['2376', '203.0.113.7/32', 'Allow', 'Inbound', 'Tcp'],
        ]);
        assert.ok(!rules.some((r) => r.destinationPortRange === '2375'));
        const any = networkSecurityGroupBody({ ...plan, source: { kind: 'any', confirmed: true } }).securityRules ?? [];
        assert.throws(() => networkSecurityGroupBody({ ...plan, source: { kind: 'any' } }), /needs your explicit confirmation/);
        assert.deepEqual(any.map((r) => r.sourceAddressPrefix), ['*', '*']);
    });

    it('SSH only: opens port 22 alone, and the VM\'s docker tag says "ssh" so a reloaded tree knows the mode', () => {
        const ssh = { ...plan, engineAccess: 'ssh' as const };
        assert.deepEqual((networkSecurityGroupBody(ssh).securityRules ?? []).map((r) => r.destinationPortRange), ['22']);
        assert.equal(virtualMachineBody(ssh, 'nic', '#cloud-config').tags?.['azure-docker-hosts:docker'], 'ssh');
    });

    it('asks for a static public IP with the host name as DNS label', () => {
        const pip = publicIpBody(plan);
        assert.equal(pip.publicIPAllocationMethod, 'Static');
        assert.equal(pip.dnsSettings?.domainNameLabel, 'dock1');
    });

    it('gives the VM cloud-init as customData with no secret, SSH-key-only login, and disks that go with it', () => {
        const vm = virtualMachineBody(plan, '/nic', renderCloudInit());
        const customData = Buffer.from(vm.osProfile?.customData ?? '', 'base64').toString('utf8');
        assert.match(customData, /^#cloud-config/);
        assert.match(customData, /docker\.io/);
        assert.doesNotMatch(customData, /PRIVATE KEY/);
        assert.equal(vm.osProfile?.linuxConfiguration?.disablePasswordAuthentication, true);
        assert.equal(vm.osProfile?.linuxConfiguration?.ssh?.publicKeys?.[0].keyData, plan.sshPublicKey);
        assert.equal(vm.storageProfile?.osDisk?.deleteOption, 'Delete');
        assert.equal(vm.networkProfile?.networkInterfaces?.[0].deleteOption, 'Delete');
    });

    it('sends the server key only in the extension\'s protected settings, with type in typePropertiesType', async () => {
        const ca = await createCa('test CA');
        const server = await issueServerCert(ca, { commonName: 'dock1', dnsNames: ['dock1.westeurope.cloudapp.azure.com'], ipAddresses: ['203.0.113.9'] });
        const body = setupExtensionBody(plan, buildSetupExtension({ port: 2376, caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem }));
        assert.equal(body.typePropertiesType, 'CustomScript');
        assert.equal(body.publisher, 'Microsoft.Azure.Extensions');
        assert.equal(body.typeHandlerVersion, '2.1');
        assert.doesNotMatch(JSON.stringify(body.settings), /PRIVATE KEY|BEGIN/);
        assert.doesNotMatch(JSON.stringify(body.tags), /PRIVATE KEY/);
        const script = Buffer.from((body.protectedSettings as { script: string }).script, 'base64').toString('utf8');
        assert.ok(script.includes(Buffer.from(server.keyPem).toString('base64')), 'the protected script carries the server key');
    });
});
