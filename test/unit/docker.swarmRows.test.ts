import * as assert from 'node:assert/strict';
import { swarmNodeRow, swarmServiceRows, type RawSwarmService, type RawSwarmTask } from '../../src/docker/swarmRows';

describe('docker: swarm rows', () => {
    it('names a node after its VM, with role, leader, availability, status and engine version', () => {
        const vmNames = new Map([['n1', 'sw1-m1']]);
        const row = swarmNodeRow({ ID: 'n1', Description: { Hostname: 'host', Engine: { EngineVersion: '20.10.24' } }, Spec: { Role: 'manager', Availability: 'active' }, Status: { State: 'ready' }, ManagerStatus: { Leader: true } }, vmNames);
        assert.deepEqual([row.label, row.description, row.ready, row.contextValue], ['sw1-m1', 'manager (leader) · active · ready · Docker 20.10.24', true, 'managerNode']);
        const drained = swarmNodeRow({ ID: 'n2abcdefghijklmnop', Spec: { Role: 'worker', Availability: 'drain' }, Status: { State: 'down' } }, vmNames);
        assert.deepEqual([drained.label, drained.description, drained.ready, drained.contextValue], ['n2abcdefghij', 'worker · drain · down', false, 'workerNodeDrained']);
    });

    it('a node row changes id when what it shows changes, so the tree re-renders it', () => {
        const node = { ID: 'n1', Spec: { Role: 'worker', Availability: 'active' }, Status: { State: 'ready' } };
        assert.notEqual(swarmNodeRow(node, new Map()).id, swarmNodeRow({ ...node, Spec: { Role: 'worker', Availability: 'drain' } }, new Map()).id);
    });

    it('counts running over desired replicas, lists the tasks meant to run with their node, and leaves out shut-down history', () => {
        const services: RawSwarmService[] = [
            { ID: 's2', Spec: { Name: 'web', Mode: { Replicated: { Replicas: 3 } }, TaskTemplate: { ContainerSpec: { Image: 'nginx:1.27@sha256:abc123' } }, Labels: { 'com.docker.stack.namespace': 'shop' } } },
            { ID: 's1', Spec: { Name: 'agent', Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'agent:2' } } } },
        ];
        const tasks: RawSwarmTask[] = [
            { ID: 't1', ServiceID: 's2', NodeID: 'n1', Slot: 1, DesiredState: 'running', Status: { State: 'running', Message: 'started' } },
            { ID: 't2', ServiceID: 's2', NodeID: 'n2', Slot: 2, DesiredState: 'running', Status: { State: 'preparing', Message: 'preparing' } },
            { ID: 't3', ServiceID: 's2', NodeID: 'n2', Slot: 3, DesiredState: 'running', Status: { State: 'rejected', Err: 'No such image: nginx:1.27' } },
            { ID: 't0', ServiceID: 's2', NodeID: 'n1', Slot: 1, DesiredState: 'shutdown', Status: { State: 'shutdown' } },
            { ID: 't9', ServiceID: 's1', NodeID: 'n1', DesiredState: 'running', Status: { State: 'running' } },
        ];
        const rows = swarmServiceRows(services, tasks, new Map([['n1', 'sw1-m1'], ['n2', 'sw1-w1']]));
        assert.deepEqual(rows.map((r) => [r.label, r.description, r.stack]), [['agent', 'agent:2 · global · 1/1', undefined], ['web', 'nginx:1.27 · replicated · 1/3', 'shop']]);
        assert.deepEqual(rows[1].tasks.map((t) => `${t.label} ${t.description}`), ['web.1 sw1-m1 · running', 'web.2 sw1-w1 · preparing · preparing', 'web.3 sw1-w1 · rejected · No such image: nginx:1.27']);
    });
});
