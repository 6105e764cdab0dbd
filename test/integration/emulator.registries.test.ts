/**
 * The emulated registries work for a real dockerd the way ACR and a basic-auth registry do, without
 * any extension code: an Entra token exchanged at /oauth2/exchange is a password the engine can push
 * and pull with (username 00000000-0000-0000-0000-000000000000); a principal without a role on the
 * registry, an expired refresh token and a wrong basic-auth password get the registry's refusal.
 */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { createTestPki } from '../harness/pki';
import { acrTokenUsername } from '../emulator/acr';
import { startAcr, startBasicAuthRegistry, type EmulatedAcr, type RunningRegistry } from '../emulator/containerRegistries';
import { rawRequest, rawToken } from '../emulator/rawClient';
import { startEmulator, type Emulator } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';

const HOST = '127.0.3.81';
const SUB = '5ac1e2d3-0000-4000-8000-00000000ac01';

/** Pushes or pulls through the engine's API with these credentials; resolves with the engine's error, if any. */
async function transfer(docker: Docker, kind: 'push' | 'pull', reference: string, auth: object): Promise<string | undefined> {
    const authconfig = auth as Docker.AuthConfig;
    try {
        const stream = kind === 'push'
            ? await docker.getImage(reference).push({ authconfig })
            : await docker.pull(reference, { authconfig }) as NodeJS.ReadableStream;
        return await new Promise((resolve, reject) => {
            docker.modem.followProgress(stream, (err, out) => {
                if (err) {
                    return reject(err);
                }
                resolve((out as { error?: string }[]).find((m) => m.error)?.error);
            });
        });
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
}

describe('emulated container registries with a real engine', function () {
    this.timeout(120_000);
    let emu: Emulator;
    let dockerd: Dockerd;
    let docker: Docker;
    let acr: EmulatedAcr;
    let other: RunningRegistry;
    let untrust: (() => void) | undefined;

    before(async () => {
        emu = await startEmulator({ seed: { subscriptions: [{ subscriptionId: SUB, displayName: 'Registries' }] } });
        untrust = trustEmulatorCa(emu.caPem);
        acr = await startAcr(emu, { subscriptionId: SUB, resourceGroup: 'images', name: 'contoso' });
        other = await startBasicAuthRegistry(emu, { alice: 'correct horse' });
        const pki = await createTestPki([HOST]);
        dockerd = await startDockerd({ host: HOST, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
        await ensureTestImage(dockerd.socketPath);
        docker = dockerd.socketClient();
    });

    after(async () => {
        await dockerd?.stop();
        await acr?.stop();
        await other?.stop();
        await emu?.stop();
        untrust?.();
    });

    async function refreshToken(): Promise<string> {
        const res = await rawRequest(emu, 'POST', `${emu.url}/oauth2/exchange`, {
            form: new URLSearchParams({ grant_type: 'access_token', service: acr.loginServer, tenant: emu.tenantId, access_token: await rawToken(emu) }),
        });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return (res.body as { refresh_token: string }).refresh_token;
    }

    it('ACR: an exchanged Entra token pushes and pulls; the registry then lists the repository', async () => {
        const reference = `${acr.loginServer}/team/box:v1`;
        await docker.getImage(TEST_IMAGE).tag({ repo: `${acr.loginServer}/team/box`, tag: 'v1' });
        const auth = { username: acrTokenUsername, password: await refreshToken(), serveraddress: acr.loginServer };
        assert.equal(await transfer(docker, 'push', reference, auth), undefined);
        await docker.getImage(reference).remove();
        assert.equal(await transfer(docker, 'pull', reference, auth), undefined);
        assert.ok((await docker.getImage(reference).inspect()).Id);
        const token = await rawRequest(emu, 'POST', `${emu.url}/oauth2/token`, {
            form: new URLSearchParams({ grant_type: 'refresh_token', service: acr.loginServer, scope: 'registry:catalog:*', refresh_token: auth.password }),
        });
        const catalog = await fetch(`https://${acr.loginServer}/v2/_catalog`, { headers: { authorization: `Bearer ${(token.body as { access_token: string }).access_token}` } });
        assert.deepEqual(await catalog.json(), { repositories: ['team/box'] });
    });

    it('ACR: without credentials, without a role, or with an expired refresh token the registry refuses', async () => {
        const reference = `${acr.loginServer}/team/box:v1`;
        assert.match(await transfer(docker, 'pull', reference, {}) ?? '', /unauthorized|authentication required/i);
        const password = await refreshToken();
        acr.registry.roles.delete(emu.clientId);
        try {
            assert.match(await transfer(docker, 'pull', reference, { username: acrTokenUsername, password, serveraddress: acr.loginServer }) ?? '',
                /unauthorized|denied|authentication required/i);
        } finally {
            acr.registry.roles.set(emu.clientId, new Set(['AcrPull']));
        }
        await docker.getImage(reference).remove().catch(() => undefined);
        assert.equal(await transfer(docker, 'pull', reference, { username: acrTokenUsername, password, serveraddress: acr.loginServer }), undefined,
            'AcrPull alone is enough to pull');
        await docker.getImage(TEST_IMAGE).tag({ repo: `${acr.loginServer}/team/box`, tag: 'v2' });
        assert.match(await transfer(docker, 'push', `${acr.loginServer}/team/box:v2`, { username: acrTokenUsername, password, serveraddress: acr.loginServer }) ?? '',
            /unauthorized|denied|authentication required/i, 'AcrPull does not push');
        emu.acr.expireRefreshTokens();
        await docker.getImage(reference).remove().catch(() => undefined);
        assert.match(await transfer(docker, 'pull', reference, { username: acrTokenUsername, password, serveraddress: acr.loginServer }) ?? '',
            /unauthorized|expired/i);
    });

    it('basic auth: the right password pushes and pulls, a wrong one is refused', async () => {
        const reference = `${other.loginServer}/alice/box:v1`;
        await docker.getImage(TEST_IMAGE).tag({ repo: `${other.loginServer}/alice/box`, tag: 'v1' });
        const good = { username: 'alice', password: 'correct horse', serveraddress: other.loginServer };
        assert.equal(await transfer(docker, 'push', reference, good), undefined);
        await docker.getImage(reference).remove();
        assert.equal(await transfer(docker, 'pull', reference, good), undefined);
        await docker.getImage(reference).remove();
        const message = await transfer(docker, 'pull', reference, { ...good, password: 'battery staple' }).catch((e: Error) => e.message);
        assert.match(message ?? '', /unauthorized|authentication required/i);
    });
});
