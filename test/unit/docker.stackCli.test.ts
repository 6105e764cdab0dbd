import * as assert from 'node:assert/strict';
import { stackInvocation, validateStackName } from '../../src/docker/stackCli';

describe('docker: stack commands', () => {
    it('deploys and removes through the manager\'s context for that one command, without variables that point elsewhere', () => {
        const env = { PATH: '/usr/bin', DOCKER_HOST: 'tcp://elsewhere:2376', DOCKER_CONTEXT: 'other', DOCKER_CERT_PATH: '/x' };
        const deploy = stackInvocation('sw1-m1', { action: 'deploy', stack: 'shop', file: '/w/stack.yml' }, env);
        assert.deepEqual([deploy.command, ...deploy.args], ['docker', '--context', 'sw1-m1', 'stack', 'deploy', '--compose-file', '/w/stack.yml', '--detach=true', 'shop']);
        assert.deepEqual(deploy.env, { PATH: '/usr/bin' });
        assert.deepEqual(stackInvocation('sw1-m1', { action: 'remove', stack: 'shop' }, env).args, ['--context', 'sw1-m1', 'stack', 'rm', 'shop']);
    });

    it('accepts the stack names docker does and says why otherwise', () => {
        assert.equal(validateStackName('shop_1.a-b'), undefined);
        assert.match(String(validateStackName('-shop')), /starting with a letter or digit/);
        assert.match(String(validateStackName('my shop')), /letters, digits/);
    });
});
