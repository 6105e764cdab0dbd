import * as assert from 'node:assert/strict';
import { inventoryBySubscription, type InventoryRow } from '../../src/azure/resourceGraph';

const sub = '00000000-0000-4000-8000-000000000001';
const vmId = `/subscriptions/${sub}/resourceGroups/Hosts/providers/Microsoft.Compute/virtualMachines/hs1`;

describe('Resource Graph inventory rows', () => {
    it('makes host rows as ARM\'s listing does, and keeps only the subscriptions Resource Graph answered for', () => {
        const rows: InventoryRow[] = [
            { rowKind: 'subscription', id: `/subscriptions/${sub}`, name: 'One', type: 'microsoft.resources/subscriptions', subscriptionId: sub },
            {
                rowKind: 'host', id: vmId, name: 'hs1', type: 'microsoft.compute/virtualmachines', subscriptionId: sub, location: 'eastus',
                tags: { 'azure-docker-hosts:docker': 'tls:2400' }, vmSize: 'Standard_B2s',
                imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
                powerState: 'PowerState/deallocated', legacyExtension: '', publicIp: '', fqdn: '',
            },
            { rowKind: 'host', id: `${vmId}2`, name: 'hs0', type: 'microsoft.compute/virtualmachines', subscriptionId: sub, location: 'eastus', tags: {}, vmSize: 'Standard_B2s', imageReference: { id: '/custom' }, powerState: 'PowerState/running', legacyExtension: 'DockerExtension', publicIp: '127.1.0.9', fqdn: 'hs0.eastus.cloudapp.azure.com' },
            { rowKind: 'tagged', id: `/subscriptions/${sub}/resourceGroups/left-rg`, name: 'left-rg', type: 'microsoft.resources/subscriptions/resourcegroups', subscriptionId: sub, tags: { 'azure-docker-hosts:provisioning': 'r1' } },
            { rowKind: 'tagged', id: `/subscriptions/${sub}/resourceGroups/left-rg/providers/Microsoft.Network/virtualNetworks/left-vnet`, name: 'left-vnet', type: 'microsoft.network/virtualnetworks', subscriptionId: sub, tags: { 'azure-docker-hosts:provisioning': 'r1' } },
            // A host of a subscription with no `subscription` row: Resource Graph did not answer for it.
            { rowKind: 'host', id: vmId.replace(sub, 'other'), name: 'x', type: 'microsoft.compute/virtualmachines', subscriptionId: 'other', tags: { 'azure-docker-hosts:docker': 'tls:2376' } },
        ];
        const found = inventoryBySubscription(rows);
        assert.deepEqual([...found.keys()], [sub]);
        const { hosts, tagged } = found.get(sub)!;
        assert.deepEqual(hosts.map((h) => [h.name, h.powerState, h.tlsPort, h.legacy, h.image, h.publicIp, h.fqdn, h.resourceGroup]), [
            ['hs0', 'running', 2376, true, '/custom', '127.1.0.9', 'hs0.eastus.cloudapp.azure.com', 'Hosts'],
            ['hs1', 'deallocated', 2400, false, 'Canonical:ubuntu-24_04-lts:server:latest', undefined, undefined, 'Hosts'],
        ]);
        assert.deepEqual(tagged.groups.map((g) => g.name), ['left-rg']);
        assert.deepEqual(tagged.resources.map((r) => r.name), ['left-vnet']);
    });
});
