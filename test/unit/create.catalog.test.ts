import type { ResourceSku } from '@azure/arm-compute';
import * as assert from 'node:assert/strict';
import { orderLocations, shortVmSizeList } from '../../src/azure/create/catalog';

const sku = (name: string, vCpus: number, mem: number, extra: Partial<ResourceSku> = {}): ResourceSku =>
    ({ resourceType: 'virtualMachines', name, locations: ['westus'], capabilities: [{ name: 'vCPUs', value: String(vCpus) }, { name: 'MemoryGB', value: String(mem) }], ...extra }) as ResourceSku;

describe('create: catalogue', () => {
    it('lists general-purpose sizes available in the location, the default first, then small to large', () => {
        const sizes = shortVmSizeList(
            [
                sku('Standard_D4s_v5', 4, 16),
                sku('Standard_B2s', 2, 4),
                sku('Standard_B1s', 1, 1),
                sku('Standard_M128s', 128, 2048),
                sku('Standard_D2s_v5', 2, 8, { restrictions: [{ type: 'Location', values: ['westus'], reasonCode: 'NotAvailableForSubscription' }] }),
                sku('Standard_B2ms', 2, 8, { locations: ['eastus'] }),
                { resourceType: 'disks', name: 'Standard_LRS', locations: ['westus'] } as ResourceSku,
            ],
            'WestUS',
        );
        assert.deepEqual(sizes.map((s) => s.name), ['Standard_B2s', 'Standard_B1s', 'Standard_D4s_v5']);
        assert.deepEqual(sizes[0], { name: 'Standard_B2s', vCpus: 2, memoryGb: 4 });
    });

    it('puts the last used location first', () => {
        const locations = [
            { name: 'westus', displayName: 'West US' },
            { name: 'eastus', displayName: 'East US' },
            { name: 'northeurope', displayName: 'North Europe' },
        ];
        assert.deepEqual(orderLocations(locations, 'westus').map((l) => l.name), ['westus', 'eastus', 'northeurope']);
        assert.deepEqual(orderLocations(locations, undefined).map((l) => l.name), ['eastus', 'northeurope', 'westus']);
    });
});
