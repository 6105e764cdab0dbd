import * as assert from 'node:assert/strict';
import type { ResourceSku } from '@azure/arm-compute';
import { resizeOptions } from '../../src/azure/lifecycle/resizeVm';

const sku = (name: string, vCpus: number, memoryGb: number, extra: Partial<ResourceSku> = {}): ResourceSku => ({
    resourceType: 'virtualMachines', name, locations: ['eastus'],
    capabilities: [{ name: 'vCPUs', value: String(vCpus) }, { name: 'MemoryGB', value: String(memoryGb) }], ...extra,
});

describe('resize options from resource SKUs', () => {
    const skus: ResourceSku[] = [
        sku('Standard_D4s_v5', 4, 16),
        sku('Standard_B2s', 2, 4),
        sku('Standard_B2ms', 2, 8),
        sku('Standard_D2s_v5', 2, 8, { restrictions: [{ type: 'Location', values: ['eastus'], reasonCode: 'NotAvailableForSubscription' }] }),
        sku('Standard_B1s', 1, 1, { locations: ['westeurope'] }),
        { resourceType: 'disks', name: 'Premium_LRS', locations: ['eastus'] },
        sku('Standard_E2s_v5', 2, 16, { restrictions: [{ type: 'Zone', values: ['eastus'], reasonCode: 'NotAvailableForSubscription' }] }),
    ];

    it('leaves out the current size, other regions and other resource types; smallest first', () => {
        assert.deepEqual(resizeOptions(skus, 'EastUS', 'standard_b2s', undefined).map((s) => s.name), ['Standard_B2ms', 'Standard_D2s_v5', 'Standard_E2s_v5', 'Standard_D4s_v5']);
    });

    it('marks a location restriction with its reason (a zone restriction leaves the size usable)', () => {
        const byName = new Map(resizeOptions(skus, 'eastus', 'Standard_B2s', undefined).map((s) => [s.name, s]));
        assert.equal(byName.get('Standard_D2s_v5')?.restriction, 'NotAvailableForSubscription');
        assert.equal(byName.get('Standard_E2s_v5')?.restriction, undefined);
    });

    it('needs deallocation only for a size the allocated VM\'s hardware does not offer', () => {
        const options = resizeOptions(skus, 'eastus', 'Standard_B2s', new Set(['standard_b2ms', 'Standard_B2s']));
        assert.deepEqual(options.map((s) => [s.name, s.needsDeallocate]), [['Standard_B2ms', false], ['Standard_D2s_v5', true], ['Standard_E2s_v5', true], ['Standard_D4s_v5', true]]);
        assert.ok(resizeOptions(skus, 'eastus', 'Standard_B2s', undefined).every((s) => !s.needsDeallocate), 'a deallocated VM needs no deallocation');
    });
});
