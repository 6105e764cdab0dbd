import * as assert from 'node:assert/strict';
import { lagging, swarmScopeOfEvent, taskStateOfEvent } from '../../src/docker/swarmEvents';
import type { SwarmReading } from '../../src/docker/swarmRows';

const task = (action: string, taskId = 'task1') => ({ Type: 'container', Action: action, Actor: { ID: 'c1', Attributes: { 'com.docker.swarm.task.id': taskId } } });

describe('the swarm tree\'s events', () => {
    it('counts the manager\'s node and service events and the containers of tasks, not other containers nor execs', () => {
        assert.equal(swarmScopeOfEvent({ Type: 'node', Action: 'update' }), 'node');
        assert.equal(swarmScopeOfEvent({ Type: 'service', Action: 'update' }), 'service');
        assert.equal(swarmScopeOfEvent(task('start')), 'task');
        assert.equal(swarmScopeOfEvent(task('die')), 'task');
        assert.equal(swarmScopeOfEvent(task('exec_create: sh')), undefined);
        assert.equal(swarmScopeOfEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c2', Attributes: { name: 'web' } } }), undefined);
        assert.equal(swarmScopeOfEvent({ Type: 'network', Action: 'connect' }), undefined);
    });

    it('reads what a task\'s container event says about the task: start is running, die is not, others say nothing', () => {
        assert.deepEqual(taskStateOfEvent(task('start', 'a')), { taskId: 'a', running: true });
        assert.deepEqual(taskStateOfEvent(task('die', 'a')), { taskId: 'a', running: false });
        assert.equal(taskStateOfEvent(task('create', 'a')), undefined);
        assert.equal(taskStateOfEvent({ Type: 'service', Action: 'update', Actor: { Attributes: { 'com.docker.swarm.task.id': 'a' } } }), undefined);
    });

    it('names the tasks whose state the manager has not caught up with yet', () => {
        const row = (taskId: string, running: boolean) => ({ id: `${taskId}:x`, taskId, label: taskId, description: '', running });
        const reading = { snapshot: { nodes: [], services: [{ tasks: [row('a', true), row('b', false)] }] } } as unknown as SwarmReading;
        // b started on its node but the manager still says starting; c died and is gone from the list.
        assert.deepEqual(lagging(new Map([['a', true], ['b', true], ['c', false]]), reading), ['b']);
        assert.deepEqual(lagging(new Map([['a', false]]), reading), ['a']);
        assert.deepEqual(lagging(new Map(), reading), []);
    });
});
