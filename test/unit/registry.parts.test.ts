import * as assert from 'node:assert/strict';
import { PullProgressTracker } from '../../src/docker/pullProgress';
import { parseImageReference, validateRegistryServer, validateRepositoryAndTag } from '../../src/registry/imageReference';
import { engineAuth, parseChallenge } from '../../src/registry/registryClient';
import { classifyRegistryFailure } from '../../src/registry/registryErrors';

describe('registry/imageReference', () => {
    it('finds the registry the way the engine does', () => {
        assert.deepEqual(parseImageReference('nginx'), { registry: 'docker.io', repository: 'nginx', tag: undefined, digest: undefined });
        assert.deepEqual(parseImageReference('team/web:1.0'), { registry: 'docker.io', repository: 'team/web', tag: '1.0', digest: undefined });
        assert.deepEqual(parseImageReference('Contoso.azurecr.io/team/web:v2'), { registry: 'contoso.azurecr.io', repository: 'team/web', tag: 'v2', digest: undefined });
        assert.deepEqual(parseImageReference('127.0.0.1:5000/box'), { registry: '127.0.0.1:5000', repository: 'box', tag: undefined, digest: undefined });
        assert.equal(parseImageReference('localhost/box:1')?.registry, 'localhost');
        assert.equal(parseImageReference(`box@sha256:${'a'.repeat(64)}`)?.digest, `sha256:${'a'.repeat(64)}`);
        for (const bad of ['', 'UPPER/case', 'a b', 'box:', 'box:-x', 'box@sha256:zz']) {
            assert.equal(parseImageReference(bad), undefined, bad);
        }
    });

    it('validates what the user types for a push and for a registry address', () => {
        assert.equal(validateRepositoryAndTag('team/web', 'v1'), undefined);
        assert.match(validateRepositoryAndTag('Team/Web', 'v1') ?? '', /lower-case/);
        assert.match(validateRepositoryAndTag('team/web', '.v1') ?? '', /tag/);
        assert.equal(validateRegistryServer('ghcr.io'), undefined);
        assert.equal(validateRegistryServer('registry.example.com:5000'), undefined);
        assert.match(validateRegistryServer('myhost') ?? '', /host name/, 'without a dot or port the engine reads it as a Docker Hub name');
        assert.match(validateRegistryServer('https://x.io/path') ?? '', /host name/);
    });
});

describe('registry/registryClient', () => {
    it('reads bearer and basic challenges', () => {
        assert.deepEqual(parseChallenge('Bearer realm="https://a.io/oauth2/token",service="a.io",scope="registry:catalog:*"'),
            { scheme: 'bearer', realm: 'https://a.io/oauth2/token', service: 'a.io' });
        assert.deepEqual(parseChallenge('Basic realm="basic-realm"'), { scheme: 'basic', realm: 'basic-realm', service: undefined });
        assert.equal(parseChallenge(null), undefined);
    });

    it('gives the engine the well-known username with an ACR refresh token', () => {
        assert.deepEqual(engineAuth('c.azurecr.io', { kind: 'acr', refreshToken: 'rt' }), { username: '00000000-0000-0000-0000-000000000000', password: 'rt', serveraddress: 'c.azurecr.io' });
        assert.deepEqual(engineAuth('r.io', { kind: 'password', username: 'u', password: 'p' }), { username: 'u', password: 'p', serveraddress: 'r.io' });
    });
});

describe('registry/registryErrors', () => {
    const acr = { acr: true, signedIn: true, repository: 'team/web', tag: 'v1' };
    it('names the missing ACR role for the action', () => {
        const pull = classifyRegistryFailure('c.azurecr.io', undefined, [], 'Head "https://c.azurecr.io/v2/team/web/manifests/v1": unauthorized: authentication required', acr);
        assert.equal(pull.kind, 'denied');
        assert.match(pull.message, /AcrPull/);
        assert.match(pull.message, /team\/web:v1/);
        assert.match(classifyRegistryFailure('c.azurecr.io', 401, ['UNAUTHORIZED'], '', { ...acr, action: 'push' }).message, /AcrPush/);
        assert.match(classifyRegistryFailure('c.azurecr.io', 401, [], '', { ...acr, action: 'delete' }).message, /AcrDelete/);
    });

    it('tells an expired token, a wrong password, a missing sign-in, a missing tag and repository apart', () => {
        assert.equal(classifyRegistryFailure('c.azurecr.io', undefined, [], 'unauthorized: the refresh token is expired', acr).kind, 'unauthorized');
        assert.equal(classifyRegistryFailure('r.io', 401, ['UNAUTHORIZED'], 'authentication required', { acr: false, signedIn: true }).kind, 'unauthorized');
        assert.equal(classifyRegistryFailure('r.io', 401, [], '', { acr: false, signedIn: false }).kind, 'signInNeeded');
        assert.equal(classifyRegistryFailure('r.io', undefined, [], 'manifest unknown: manifest unknown', { acr: false, signedIn: false, tag: 'x' }).kind, 'tagNotFound');
        assert.equal(classifyRegistryFailure('r.io', 404, ['NAME_UNKNOWN'], 'repository name not known to registry', { acr: false, signedIn: true, repository: 'a' }).kind, 'repositoryNotFound');
        assert.equal(classifyRegistryFailure('r.io', 500, [], 'boom', { acr: false, signedIn: true }).kind, 'other');
    });
});

describe('docker/pullProgress for a push', () => {
    it('counts pushed and existing layers, and reads the digest of the final line', () => {
        const t = new PullProgressTracker();
        t.update({ status: 'Preparing', id: 'aaaaaaaaaaaa' });
        t.update({ status: 'Preparing', id: 'bbbbbbbbbbbb' });
        assert.equal(t.update({ status: 'Pushing', id: 'aaaaaaaaaaaa', progressDetail: { current: 50, total: 100 } }).fraction, 0.25);
        t.update({ status: 'Layer already exists', id: 'bbbbbbbbbbbb' });
        const p = t.update({ status: 'Pushed', id: 'aaaaaaaaaaaa' });
        assert.equal(p.fraction, 1);
        assert.equal(p.message, '2/2 layers · Pushed');
        const digest = `sha256:${'c'.repeat(64)}`;
        t.update({ status: `v1: digest: ${digest} size: 527` });
        assert.equal(t.digest, digest);
        assert.match(t.finalStatus ?? '', /^Pushed v1/);
    });
});
