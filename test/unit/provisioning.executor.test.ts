import * as assert from 'node:assert/strict';
import { executeGraph } from '../../src/azure/provisioning/executor';
import type { ProvisioningEvent, ProvisioningNode } from '../../src/azure/provisioning/graph';
import { createDockerHostShape } from './createGraphShape';
import { abortableSleep, ancestorsOf, eventIndex, FakeCloud, fakeCreateGraph, tick } from './provisioning.fakes';

function node(id: string, dependsOn: string[], run: ProvisioningNode['run'] = async () => ({ output: id })): ProvisioningNode {
    return { id, label: id.toUpperCase(), dependsOn, run };
}

/** Asserts that every delete of a node came after the deletes of everything depending on it. */
function assertReverseDependencyOrder(nodes: ProvisioningNode[], log: string[]): void {
    const deletes = log.filter((l) => l.startsWith('delete:')).map((l) => l.slice('delete:'.length));
    for (const [i, id] of deletes.entries()) {
        for (const later of deletes.slice(i + 1)) {
            assert.ok(!ancestorsOf(nodes, later).has(id), `${id} was deleted before its dependent ${later}`);
        }
    }
}

describe('provisioning/executor', () => {
    it('runs independent nodes at the same time', async () => {
        // Each of a, b, c waits until all three have started: only a parallel executor can finish.
        let startedCount = 0;
        let release!: () => void;
        const allStarted = new Promise<void>((resolve) => { release = resolve; });
        const barrier = (id: string): ProvisioningNode['run'] => async () => {
            if (++startedCount === 3) {
                release();
            }
            await Promise.race([allStarted, tick(2000).then(() => { throw new Error(`${id} ran alone`); })]);
            return { output: id };
        };
        const events: ProvisioningEvent[] = [];
        const result = await executeGraph(
            [node('root', []), node('a', ['root'], barrier('a')), node('b', ['root'], barrier('b')), node('c', ['root'], barrier('c')), node('join', ['a', 'b', 'c'])],
            { onEvent: (e) => events.push(e) },
        );
        assert.equal(result.ok, true);
        const lastStart = Math.max(...['a', 'b', 'c'].map((id) => eventIndex(events, 'start', id)));
        const firstEnd = Math.min(...['a', 'b', 'c'].map((id) => eventIndex(events, 'end', id)));
        assert.ok(lastStart < firstEnd, 'a, b and c overlap');
    });

    it('starts a node only after all its dependencies ended, and hands it their outputs', async () => {
        const cloud = new FakeCloud();
        const nodes = fakeCreateGraph({ cloud, createsGroup: true });
        const seen = new Map<string, unknown[]>();
        for (const n of nodes) {
            const inner = n.run;
            n.run = async (ctx) => {
                seen.set(n.id, n.dependsOn.map((d) => ctx.outputs.get(d)));
                return inner(ctx);
            };
        }
        const events: ProvisioningEvent[] = [];
        const result = await executeGraph(nodes, { onEvent: (e) => events.push(e) });
        assert.ok(result.ok);
        for (const n of nodes) {
            for (const dep of n.dependsOn) {
                assert.ok(eventIndex(events, 'end', dep) < eventIndex(events, 'start', n.id), `${dep} before ${n.id}`);
            }
            assert.deepEqual(seen.get(n.id), n.dependsOn.map((d) => `${d}-output`));
            assert.equal(result.outputs.get(n.id), `${n.id}-output`);
        }
        assert.equal(events.filter((e) => e.type === 'start').length, nodes.length);
        assert.equal(events.filter((e) => e.type === 'end').length, nodes.length);
        assert.ok(events.every((e) => e.label !== '' && e.ms >= 0 && e.at >= 0));
        assert.equal(cloud.live.size, 7, 'a success keeps everything');
    });

    it('refuses an invalid graph before running anything', async () => {
        let ran = false;
        const run = async () => { ran = true; return {}; };
        await assert.rejects(executeGraph([node('a', ['c'], run), node('b', ['a'], run), node('c', ['b'], run)]), /cycle/);
        await assert.rejects(executeGraph([node('a', ['a'], run)]), /cycle/);
        await assert.rejects(executeGraph([node('a', [], run), node('b', ['nope'], run)]), /unknown node 'nope'/);
        await assert.rejects(executeGraph([node('a', [], run), node('a', [], run)]), /duplicate/);
        assert.equal(ran, false);
    });

    for (const step of createDockerHostShape) {
        it(`rolls back exactly what was created when ${step.id} fails, newest first`, async () => {
            const cloud = new FakeCloud();
            const nodes = fakeCreateGraph({ cloud, failAt: step.id });
            const events: ProvisioningEvent[] = [];
            const result = await executeGraph(nodes, { onEvent: (e) => events.push(e) });
            assert.equal(result.ok, false);
            assert.ok(!result.ok);
            assert.equal(result.cancelled, false);
            assert.match(String(result.error), new RegExp(`${step.id} failed`));
            const created = cloud.log.filter((l) => l.startsWith('create:')).map((l) => l.slice(7));
            assert.deepEqual([...result.rollback.deleted].sort(), [...created].sort());
            assert.deepEqual(result.rollback.failedToDelete, []);
            assert.equal(cloud.live.size, 0, `left behind: ${[...cloud.live].join(', ')}`);
            assertReverseDependencyOrder(nodes, cloud.log);
            // Nothing that depends on the failed node ever started.
            for (const n of nodes) {
                if (ancestorsOf(nodes, n.id).has(step.id)) {
                    assert.equal(eventIndex(events, 'start', n.id), -1, `${n.id} started`);
                }
            }
            assert.equal(events.filter((e) => e.type === 'rollbackEnd').length, created.length);
        });

        it(`leaves nothing when the user cancels as ${step.id} starts`, async () => {
            const cloud = new FakeCloud();
            const nodes = fakeCreateGraph({ cloud, createsGroup: false });
            const controller = new AbortController();
            const events: ProvisioningEvent[] = [];
            const rollbackController = new AbortController();
            const result = await executeGraph(nodes, {
                signal: controller.signal,
                rollbackSignal: rollbackController.signal,
                onEvent: (e) => {
                    events.push(e);
                    if (e.type === 'start' && e.nodeId === step.id) {
                        controller.abort(new Error('cancelled by user'));
                    }
                },
            });
            assert.ok(!result.ok);
            assert.equal(result.cancelled, true);
            assert.match(String(result.error), /cancelled by user/);
            assert.equal(cloud.live.size, 0, `left behind: ${[...cloud.live].join(', ')}`);
            assert.deepEqual(result.rollback.failedToDelete, []);
            assertReverseDependencyOrder(nodes, cloud.log);
            const afterCancel = events.slice(eventIndex(events, 'start', step.id) + 1);
            assert.ok(!afterCancel.some((e) => e.type === 'start'), 'nothing starts after a cancel');
        });
    }

    it('does not delete what a node never created (it failed before its PUT was accepted)', async () => {
        const cloud = new FakeCloud();
        const result = await executeGraph(fakeCreateGraph({ cloud, failBeforeCreateAt: 'virtualMachine' }));
        assert.ok(!result.ok);
        assert.ok(!result.rollback.deleted.includes('virtualMachine'));
        assert.deepEqual([...result.rollback.deleted].sort(), ['networkInterface', 'networkSecurityGroup', 'publicIPAddress', 'virtualNetwork']);
        assert.equal(cloud.live.size, 0);
    });

    it('deletes only the resource group when this run created it', async () => {
        const cloud = new FakeCloud();
        const events: ProvisioningEvent[] = [];
        const result = await executeGraph(fakeCreateGraph({ cloud, createsGroup: true, failAt: 'virtualMachineExtension' }), {
            onEvent: (e) => events.push(e),
        });
        assert.ok(!result.ok);
        assert.deepEqual(result.rollback, { deleted: ['resourceGroup'], failedToDelete: [] });
        assert.deepEqual(cloud.log.filter((l) => l.startsWith('delete:')), ['delete:resourceGroup']);
        assert.equal(cloud.live.size, 0);
        assert.deepEqual(events.filter((e) => e.type.startsWith('rollback')).map((e) => `${e.type}:${e.nodeId}`), [
            'rollbackStart:resourceGroup', 'rollbackEnd:resourceGroup',
        ]);
    });

    it('deletes independent resources in parallel', async () => {
        const cloud = new FakeCloud();
        const events: ProvisioningEvent[] = [];
        await executeGraph(fakeCreateGraph({ cloud, failAt: 'virtualMachine' }), { onEvent: (e) => events.push(e) });
        const rollback = events.filter((e) => e.type.startsWith('rollback'));
        const order = rollback.map((e) => `${e.type}:${e.nodeId}`);
        assert.deepEqual(order.slice(0, 4), ['rollbackStart:virtualMachine', 'rollbackEnd:virtualMachine', 'rollbackStart:networkInterface', 'rollbackEnd:networkInterface']);
        const parallel = order.slice(4);
        assert.deepEqual(parallel.slice(0, 3).sort(), ['rollbackStart:networkSecurityGroup', 'rollbackStart:publicIPAddress', 'rollbackStart:virtualNetwork']);
    });

    it('collects rollback failures, still deletes the rest, and never throws', async () => {
        const cloud = new FakeCloud();
        cloud.failDeleteOf.add('networkInterface');
        const result = await executeGraph(fakeCreateGraph({ cloud, failAt: 'virtualMachineExtension' }));
        assert.ok(!result.ok);
        assert.equal(result.rollback.failedToDelete.length, 1);
        assert.equal(result.rollback.failedToDelete[0].label, 'networkInterface');
        assert.match(String(result.rollback.failedToDelete[0].error), /cannot delete networkInterface/);
        assert.deepEqual([...result.rollback.deleted].sort(), ['networkSecurityGroup', 'publicIPAddress', 'virtualMachine', 'virtualMachineExtension', 'virtualNetwork']);
        assert.deepEqual([...cloud.live], ['networkInterface']);
    });

    it('survives an undo that throws synchronously and a throwing progress listener', async () => {
        const result = await executeGraph([
            node('a', [], async () => ({ created: [{ id: 'x', kind: 'k', label: 'X', undo: () => { throw new Error('sync'); } }] })),
            node('b', ['a'], async () => { throw new Error('boom'); }),
        ], { onEvent: () => { throw new Error('listener'); } });
        assert.ok(!result.ok);
        assert.match(String(result.error), /boom/);
        assert.deepEqual(result.rollback.deleted, []);
        assert.equal(result.rollback.failedToDelete[0].label, 'X');
    });

    it('rolls back what discovery finds (a write whose response was lost) with the recorded ones, in dependency order, once per id', async () => {
        const cloud = new FakeCloud();
        const nodes = fakeCreateGraph({ cloud, failBeforeCreateAt: 'networkInterface' });
        // The NIC's PUT was applied but never answered: only the search by tag knows of it.
        const lostNic = cloud.resource('lost-nic');
        const result = await executeGraph(nodes, {
            discover: async () => [{ nodeId: 'networkInterface', resource: lostNic }, { nodeId: 'virtualNetwork', resource: { ...cloud.resource('VIRTUALNETWORK'), id: 'VirtualNetwork' } }],
        });
        assert.ok(!result.ok);
        assert.deepEqual([...result.rollback.deleted].sort(), ['lost-nic', 'networkSecurityGroup', 'publicIPAddress', 'virtualNetwork']);
        assert.ok(!cloud.log.includes('delete:VIRTUALNETWORK'), 'an id found twice in other casing was deleted twice');
        const at = (id: string) => cloud.log.indexOf(`delete:${id}`);
        for (const usedByNic of ['networkSecurityGroup', 'publicIPAddress', 'virtualNetwork']) {
            assert.ok(at('lost-nic') < at(usedByNic), `${usedByNic} was deleted before the NIC that uses it`);
        }
    });

    it('reports a discovery that fails, and still deletes what was recorded', async () => {
        const cloud = new FakeCloud();
        const result = await executeGraph(fakeCreateGraph({ cloud, failAt: 'networkInterface' }), { discover: async () => { throw new Error('list failed'); } });
        assert.ok(!result.ok);
        assert.equal(result.rollback.failedToDelete.length, 1);
        assert.match(String(result.rollback.failedToDelete[0].error), /list failed/);
        assert.equal(cloud.live.size, 0);
    });

    it('records a resource once when it is both recorded and returned', async () => {
        const cloud = new FakeCloud();
        const result = await executeGraph([
            node('a', [], async (ctx) => {
                const res = cloud.resource('a');
                ctx.record(res);
                return { created: [res] };
            }),
            node('b', ['a'], async () => { throw new Error('boom'); }),
        ]);
        assert.ok(!result.ok);
        assert.deepEqual(result.rollback.deleted, ['a']);
        assert.deepEqual(cloud.log, ['create:a', 'delete:a']);
    });

    it('waits for running nodes to settle before rolling back, and rolls back what they created late', async () => {
        const cloud = new FakeCloud();
        const log: string[] = [];
        const result = await executeGraph([
            node('fails', [], async () => { await tick(); throw new Error('boom'); }),
            node('slow', [], async (ctx) => {
                try {
                    await abortableSleep(10_000, ctx.signal);
                } catch {
                    // Ignores the abort for a while, as a PUT already in flight would.
                    await tick(20);
                    log.push('slow settled');
                    return { created: [cloud.resource('slow')] };
                }
                return {};
            }),
        ], { onEvent: (e) => { if (e.type === 'rollbackStart') { log.push('rollback'); } } });
        assert.ok(!result.ok);
        assert.deepEqual(log, ['slow settled', 'rollback']);
        assert.deepEqual(result.rollback.deleted, ['slow']);
        assert.equal(cloud.live.size, 0);
    });

    it('runs nothing when the signal is already aborted', async () => {
        const controller = new AbortController();
        controller.abort(new Error('early'));
        let ran = false;
        const result = await executeGraph([node('a', [], async () => { ran = true; return {}; })], { signal: controller.signal });
        assert.ok(!result.ok);
        assert.equal(result.cancelled, true);
        assert.equal(ran, false);
        assert.deepEqual(result.rollback, { deleted: [], failedToDelete: [] });
    });

    it('reports durations and times from the given clock', async () => {
        let t = 1000;
        const events: ProvisioningEvent[] = [];
        await executeGraph([node('a', [], async () => { t += 30; return {}; }), node('b', ['a'], async () => { t += 5; return {}; })], {
            now: () => t,
            onEvent: (e) => events.push(e),
        });
        assert.deepEqual(events.map((e) => [e.type, e.nodeId, e.ms, e.at]), [
            ['start', 'a', 0, 0], ['end', 'a', 30, 30], ['start', 'b', 0, 30], ['end', 'b', 5, 35],
        ]);
    });
});
