import type { VirtualMachine } from '@azure/arm-compute';
import type { NetworkInterface, PublicIPAddress } from '@azure/arm-network';
import * as assert from 'node:assert/strict';
import { dockerPortOf, toDockerHosts, withInstanceViews } from '../../src/azure/discovery';
import { dockerEndpoint } from '../../src/host/dockerHost';
import { hostDescription, hostIcon, hostTooltipMarkdown } from '../../src/azure/hostDisplay';
import { powerStateOf } from '../../src/host/powerState';
import { parseDockerTag } from '../../src/azure/tags';
import { escapeMarkdown } from '../../src/docker/markdown';

const sub = '00000000-0000-0000-0000-000000000001';
const rg = `/subscriptions/${sub}/resourceGroups/rg1`;

function vm(name: string, extra: Partial<VirtualMachine> = {}, power = 'running'): VirtualMachine {
    return {
        id: `${rg}/providers/Microsoft.Compute/virtualMachines/${name}`,
        name,
        location: 'westeurope',
        hardwareProfile: { vmSize: 'Standard_B2s' },
        storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
        networkProfile: { networkInterfaces: [{ id: `${rg}/providers/Microsoft.Network/networkInterfaces/${name}-nic` }] },
        instanceView: { statuses: [{ code: 'ProvisioningState/succeeded' }, { code: `PowerState/${power}` }] },
        ...extra,
    };
}

const nic = (name: string): NetworkInterface => ({
    id: `${rg}/providers/Microsoft.Network/networkInterfaces/${name}-nic`,
    ipConfigurations: [{ name: 'ipconfig1', publicIPAddress: { id: `${rg}/providers/Microsoft.Network/publicIPAddresses/${name}-ip` } }],
});
const pip = (name: string, ip: string, fqdn?: string): PublicIPAddress => ({
    id: `${rg.toUpperCase()}/providers/Microsoft.Network/publicIPAddresses/${name}-ip`,
    ipAddress: ip,
    dnsSettings: fqdn ? { domainNameLabel: name, fqdn } : undefined,
});

describe('Docker host discovery', () => {
    it('keeps tagged VMs and legacy DockerExtension VMs, and leaves other VMs out', () => {
        const vms = [
            vm('tagged', { tags: { 'azure-docker-hosts:docker': 'tls:2376' } }),
            vm('plain', { tags: { env: 'dev' } }),
            vm('legacy', { resources: [{ id: `${rg}/providers/Microsoft.Compute/virtualMachines/legacy/extensions/DockerExtension` }] as VirtualMachine['resources'] }),
            vm('other-ext', { resources: [{ id: `${rg}/providers/Microsoft.Compute/virtualMachines/other-ext/extensions/OmsAgent`, typePropertiesType: 'OmsAgentForLinux', publisher: 'Microsoft.EnterpriseCloud.Monitoring' }] as VirtualMachine['resources'] }),
        ];
        const hosts = toDockerHosts(vms, [nic('tagged'), nic('legacy')], [pip('tagged', '20.1.2.3', 'tagged.westeurope.cloudapp.azure.com'), pip('legacy', '20.1.2.4')]);
        assert.deepEqual(hosts.map((h) => [h.name, h.legacy, h.tlsPort]), [['legacy', true, 2376], ['tagged', false, 2376]]);
    });

    it('joins the VM to its public IP through the NIC, case-insensitively', () => {
        const [host] = toDockerHosts([vm('a', { tags: { 'azure-docker-hosts:docker': 'tls:2400' } })], [nic('a')], [pip('a', '20.0.0.9', 'a.westeurope.cloudapp.azure.com')]);
        assert.equal(host.publicIp, '20.0.0.9');
        assert.equal(host.fqdn, 'a.westeurope.cloudapp.azure.com');
        assert.equal(dockerEndpoint(host), 'tcp://20.0.0.9:2400');
        assert.equal(host.resourceGroup, 'rg1');
        assert.equal(host.subscriptionId, sub);
    });

    it('describes a host by state and address, and falls back to the IP without an FQDN', () => {
        const [withFqdn] = toDockerHosts([vm('a', { tags: { 'azure-docker-hosts:docker': 'tls:2376' } })], [nic('a')], [pip('a', '20.0.0.9', 'a.x.cloudapp.azure.com')]);
        assert.equal(hostDescription(withFqdn), 'running · a.x.cloudapp.azure.com');
        const [ipOnly] = toDockerHosts([vm('b', { tags: { 'azure-docker-hosts:docker': 'tls:2376' } }, 'deallocated')], [nic('b')], [pip('b', '20.0.0.8')]);
        assert.equal(hostDescription(ipOnly), 'deallocated · 20.0.0.8');
        const [noIp] = toDockerHosts([vm('c', { tags: { 'azure-docker-hosts:docker': 'tls:2376' } }, 'starting')], [], []);
        assert.equal(hostDescription(noIp), 'starting…');
        assert.equal(dockerEndpoint(noIp), undefined);
    });

    it('puts size, image, resource group, location and endpoint in the tooltip', () => {
        const [host] = toDockerHosts([vm('a', { tags: { 'azure-docker-hosts:docker': 'tls:2376' } })], [nic('a')], [pip('a', '20.0.0.9')]);
        const tooltip = hostTooltipMarkdown(host);
        // The tooltip is Markdown, so each value appears escaped (Standard\_B2s renders as Standard_B2s).
        for (const part of ['Standard_B2s', 'Canonical:ubuntu-24_04-lts:server:latest', 'rg1', 'westeurope', 'tcp://20.0.0.9:2376']) {
            assert.ok(tooltip.includes(escapeMarkdown(part)), `tooltip lacks ${part}`);
        }
    });

    it('reads every power state, and unknown for anything else', () => {
        for (const state of ['running', 'starting', 'stopping', 'stopped', 'deallocating', 'deallocated'] as const) {
            assert.equal(powerStateOf([{ code: 'ProvisioningState/succeeded' }, { code: `PowerState/${state}` }]), state);
        }
        assert.equal(powerStateOf([{ code: 'PowerState/hibernated' }]), 'unknown');
        assert.equal(powerStateOf(undefined), 'unknown');
    });

    it('gives each power state its own icon', () => {
        const ids = new Set(['running', 'starting', 'stopped', 'deallocated', 'unknown'].map((s) => JSON.stringify(hostIcon(s as never))));
        assert.equal(ids.size, 5);
    });

    it('accepts only tls:<port> docker tags', () => {
        assert.deepEqual(parseDockerTag('tls:2376'), { access: 'tls', port: 2376 });
        assert.deepEqual(parseDockerTag('ssh'), { access: 'ssh' });
        assert.equal(parseDockerTag('ssh:22'), undefined);
        assert.equal(parseDockerTag('tcp:2375'), undefined);
        assert.equal(parseDockerTag('tls:0'), undefined);
        assert.equal(parseDockerTag('tls:70000'), undefined);
        assert.equal(dockerPortOf({ tags: { 'azure-docker-hosts:docker': 'plain' } }), undefined);
    });
});

describe('instance views from a statusOnly list', () => {
    it('joins them to the full VMs by id, whatever the case', () => {
        const full = vm('a', { tags: { 'azure-docker-hosts:docker': 'tls:2376' }, instanceView: undefined });
        const status: VirtualMachine = { id: full.id!.toUpperCase(), location: 'westeurope', instanceView: { statuses: [{ code: 'PowerState/stopped' }] } };
        const [host] = toDockerHosts(withInstanceViews([full], [status]), [], []);
        assert.equal(host.powerState, 'stopped');
    });
});
