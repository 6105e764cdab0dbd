import * as assert from 'node:assert/strict';
import { environmentBefore, withDockerContext, withoutDockerContext } from '../../src/docker/workspaceBinding';

describe('workspace binding (DOCKER_CONTEXT in Container Tools\' environment settings)', () => {
    it('adds DOCKER_CONTEXT and keeps the variables the workspace already had', () => {
        assert.deepEqual(withDockerContext({ FOO: 'bar' }, 'azure-web'), { FOO: 'bar', DOCKER_CONTEXT: 'azure-web' });
        assert.deepEqual(withDockerContext(undefined, 'azure-web'), { DOCKER_CONTEXT: 'azure-web' });
    });

    it('unbinding removes a setting that did not exist before', () => {
        const before = environmentBefore(undefined);
        assert.equal(withoutDockerContext(withDockerContext(undefined, 'azure-web'), before), undefined);
    });

    it('unbinding puts back the DOCKER_CONTEXT the workspace had', () => {
        const before = environmentBefore({ DOCKER_CONTEXT: 'local', FOO: 'bar' });
        assert.deepEqual(withoutDockerContext(withDockerContext({ DOCKER_CONTEXT: 'local', FOO: 'bar' }, 'azure-web'), before), { DOCKER_CONTEXT: 'local', FOO: 'bar' });
    });

    it('unbinding keeps variables the user added while bound, and an object that existed empty', () => {
        const before = environmentBefore({});
        assert.deepEqual(withoutDockerContext({ DOCKER_CONTEXT: 'azure-web', ADDED: '1' }, before), { ADDED: '1' });
        assert.deepEqual(withoutDockerContext({ DOCKER_CONTEXT: 'azure-web' }, before), {});
    });
});
