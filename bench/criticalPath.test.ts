import * as assert from 'node:assert/strict';
import { criticalPathMs, sequentialMs, topologicalOrder } from './criticalPath';
import type { ProvisioningNode } from '../src/azure/provisioning/graph';
import { anchorSequentialOrder, asAnchorSequence, createGraphShape } from '../test/unit/createGraphShape';
import { azureTypicalSeconds } from '../test/emulator/latencyProfile';

describe('provisioning/criticalPath', () => {
    const nodes = createGraphShape(() => async () => ({}));
    const seconds = (n: ProvisioningNode): number => (n.kind ? azureTypicalSeconds[n.kind] : 0);

    it('is the longest path: RG + VNet + NIC + VM + extension on the azure-typical profile', () => {
        assert.equal(criticalPathMs(nodes, seconds), 2 + 8 + 4 + 50 + 40);
    });

    it('sums every node for the sequential time', () => {
        assert.equal(sequentialMs(nodes, seconds), 2 + 8 + 5 + 4 + 4 + 50 + 40);
    });

    it('handles an empty graph and diamonds', () => {
        assert.equal(criticalPathMs([], seconds), 0);
        const run = async () => ({});
        const diamond: ProvisioningNode[] = [
            { id: 'a', label: 'a', dependsOn: [], run },
            { id: 'b', label: 'b', dependsOn: ['a'], run },
            { id: 'c', label: 'c', dependsOn: ['a'], run },
            { id: 'd', label: 'd', dependsOn: ['b', 'c'], run },
        ];
        const d = { a: 1, b: 7, c: 3, d: 2 } as Record<string, number>;
        assert.equal(criticalPathMs(diamond, (n) => d[n.id]), 10);
        assert.deepEqual(topologicalOrder([...diamond].reverse()), ['a', 'c', 'b', 'd']);
    });

    it('chains the anchors order into a valid sequence', () => {
        const chain = asAnchorSequence(nodes);
        // The anchors had no server-certificate step; it runs right after the public IP it needs.
        const expected = [...anchorSequentialOrder];
        expected.splice(expected.indexOf('publicIPAddress') + 1, 0, 'serverCertificate');
        assert.deepEqual(topologicalOrder(chain), expected);
        assert.equal(criticalPathMs(chain, seconds), sequentialMs(nodes, seconds));
    });
});
