import * as assert from 'node:assert/strict';
import { createHostGraph, type CreateHostDeps } from '../../src/azure/create/createHostGraph';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { runResourceOrder } from '../../src/azure/create/runResources';

describe('create/runResources', () => {
    it('deletes in the reverse of the create graph\'s own order', () => {
        const graph = createHostGraph({ name: 'x', resourceGroup: 'x-rg', subscriptionId: 's' } as CreateHostPlan, { clients: {} } as CreateHostDeps);
        const ids = new Set<string>(runResourceOrder.map((n) => n.id));
        for (const { id, dependsOn } of runResourceOrder) {
            const node = graph.find((n) => n.id === id);
            assert.ok(node, `the graph has no ${id} node`);
            assert.deepEqual([...dependsOn].sort(), node.dependsOn.filter((d) => ids.has(d)).sort(), id);
        }
    });
});
