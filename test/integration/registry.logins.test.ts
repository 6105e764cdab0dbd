/**
 * The extension's registry code (ARM listing, ACR token exchange, v2 API, engine pull/push with
 * X-Registry-Auth) against the emulator's ACR and a basic-auth registry, both real distribution
 * registries, and a real engine. What a user would see: the image arrives on the host, the pushed
 * tag is listed, and each refusal names its cause.
 */
import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../../src/azure/cloud';
import { listAzureRegistries } from '../../src/azure/containerRegistries';
import { environmentSource } from '../../src/azure/credentialSources';
import { registryLoginSources } from '../../src/azure/registryLoginSources';
import { pullImage, pushImage, tagImage } from '../../src/docker/operations';
import { RegistryError } from '../../src/registry/registryErrors';
import { RegistryLogins } from '../../src/registry/registryLogins';
import { freePort, TEST_IMAGE } from '../harness/dockerd';
import { startAcr, startBasicAuthRegistry, type EmulatedAcr, type RunningRegistry } from '../emulator/containerRegistries';
import { startEmulator, type Emulator } from '../emulator/server';
import { trustEmulatorCa } from '../emulator/trust';
import { startRealEngine, type RealEngine } from './realEngine';

const HOST = '127.0.3.82';
const SUB = '5ac1e2d3-0000-4000-8000-00000000ac02';

describe('registries: ACR with the Azure account, other registries with a password', function () {
    this.timeout(120_000);
    let emu: Emulator;
    let engine: RealEngine;
    let acr: EmulatedAcr;
    let other: RunningRegistry;
    let logins: RegistryLogins;
    let untrust: (() => void) | undefined;
    const saved = new Map<string, { username: string; password: string }>();
    const savedEnv = { ...process.env };
    const exchanges = () => emu.requestLog.filter((r) => r.path === '/oauth2/exchange').length;

    before(async () => {
        emu = await startEmulator({ seed: { subscriptions: [{ subscriptionId: SUB, displayName: 'Registries' }] } });
        untrust = trustEmulatorCa(emu.caPem);
        Object.assign(process.env, emu.env());
        acr = await startAcr(emu, { subscriptionId: SUB, resourceGroup: 'images', name: 'contoso' });
        other = await startBasicAuthRegistry(emu, { alice: 'correct horse' });
        engine = await startRealEngine(HOST, 30_000);
        const settings = emu.vscodeSettings();
        const cloud = resolveCloud(settings['microsoft-sovereign-cloud.environment'] as string, settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
        const clients = await createArmClients(cloud, subscription.credential, SUB);
        logins = new RegistryLogins(registryLoginSources({
            cloud, timeoutMs: 20_000,
            registries: () => listAzureRegistries(clients, SUB),
            credentialFor: async () => subscription.credential,
            savedPassword: async (server) => saved.get(server),
        }));
    });

    after(async () => {
        engine?.client.dispose();
        await engine?.dockerd.stop();
        await acr?.stop();
        await other?.stop();
        await emu?.stop();
        untrust?.();
        process.env = savedEnv;
    });

    async function push(reference: string, repository: string, tag: string) {
        await tagImage(engine.client, TEST_IMAGE, repository, tag);
        const statuses: string[] = [];
        const result = await logins.withEngineAuth(reference, 'push', (auth) =>
            pushImage(engine.client, repository, tag, { auth, onProgress: (p) => statuses.push(p.status) }));
        return { result, statuses };
    }

    async function pullFresh(reference: string) {
        await engine.truth.getImage(reference).remove().catch(() => undefined);
        return logins.withEngineAuth(reference, 'pull', (auth) => pullImage(engine.client, reference, { auth }));
    }

    it('lists the subscription\'s registries through ARM', async () => {
        const settings = emu.vscodeSettings();
        const cloud = resolveCloud('custom', settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
        const listed = await listAzureRegistries(await createArmClients(cloud, subscription.credential, SUB), SUB);
        assert.deepEqual(listed.map((r) => [r.name, r.resourceGroup, r.loginServer]), [['contoso', 'images', acr.loginServer]]);
    });

    it('pushes a host\'s image to ACR with per-layer progress, lists the tag, and pulls it back through ACR auth', async () => {
        const repository = `${acr.loginServer}/team/box`;
        const { result, statuses } = await push(`${repository}:v1`, repository, 'v1');
        assert.match(result.digest ?? '', /^sha256:[0-9a-f]{64}$/);
        assert.ok(statuses.includes('Pushed') || statuses.includes('Pushing'), statuses.join(' | '));
        const client = await logins.client(acr.loginServer);
        assert.deepEqual(await client.repositories(), ['team/box']);
        assert.deepEqual(await client.tags('team/box'), ['v1']);
        const pulled = await pullFresh(`${repository}:v1`);
        assert.match(pulled.status ?? '', /Downloaded newer image/);
        assert.ok((await engine.truth.getImage(`${repository}:v1`).inspect()).Id);
        assert.equal(exchanges(), 1, 'one exchange serves the push, the listing and the pull');
    });

    it('an unknown tag names the tag', async () => {
        await assert.rejects(pullFresh(`${acr.loginServer}/team/box:nope`), (e: unknown) =>
            e instanceof RegistryError && e.kind === 'tagNotFound' && /nope/.test(e.message));
        const client = await logins.client(acr.loginServer);
        await assert.rejects(client.deleteTag('team/box', 'nope'), (e: unknown) => e instanceof RegistryError && e.kind === 'tagNotFound');
    });

    it('an expired registry token is replaced once and the pull goes through', async () => {
        const before = exchanges();
        emu.acr.expireRefreshTokens();
        const pulled = await pullFresh(`${acr.loginServer}/team/box:v1`);
        assert.match(pulled.status ?? '', /Downloaded newer image/);
        assert.equal(exchanges(), before + 1, 'exactly one new exchange');
    });

    it('a principal without a role gets the AcrPull hint, after one new token', async () => {
        const roles = new Set(acr.registry.roles.get(emu.clientId));
        acr.registry.roles.delete(emu.clientId);
        const before = exchanges();
        try {
            await assert.rejects(pullFresh(`${acr.loginServer}/team/box:v1`), (e: unknown) =>
                e instanceof RegistryError && e.kind === 'denied' && /AcrPull/.test(e.message) && /team\/box:v1/.test(e.message));
            assert.equal(exchanges(), before + 1, 'refreshed once, then reported');
            const client = await logins.client(acr.loginServer);
            await assert.rejects(client.tags('team/box'), (e: unknown) => e instanceof RegistryError && e.kind === 'denied' && /AcrPull/.test(e.message));
        } finally {
            acr.registry.roles.set(emu.clientId, roles);
        }
    });

    it('deletes a tag on ACR', async () => {
        const repository = `${acr.loginServer}/team/box`;
        await push(`${repository}:old`, repository, 'old');
        const client = await logins.client(acr.loginServer);
        assert.deepEqual(await client.tags('team/box'), ['old', 'v1']);
        await client.deleteTag('team/box', 'old');
        // The v2 API deletes the manifest, and with it every tag on the same image.
        assert.deepEqual(await client.tags('team/box'), []);
    });

    it('another registry with basic auth: push and pull with the saved password', async () => {
        saved.set(other.loginServer, { username: 'alice', password: 'correct horse' });
        const repository = `${other.loginServer}/alice/box`;
        await push(`${repository}:v1`, repository, 'v1');
        assert.deepEqual(await (await logins.client(other.loginServer)).tags('alice/box'), ['v1']);
        const pulled = await pullFresh(`${repository}:v1`);
        assert.match(pulled.status ?? '', /Downloaded newer image/);
    });

    it('a wrong password names the cause; no password asks for a sign-in', async () => {
        saved.set(other.loginServer, { username: 'alice', password: 'battery staple' });
        await assert.rejects(pullFresh(`${other.loginServer}/alice/box:v1`), (e: unknown) =>
            e instanceof RegistryError && e.kind === 'unauthorized' && /refused the username or password/.test(e.message) && !e.message.includes('battery staple'));
        await assert.rejects((await logins.client(other.loginServer)).tags('alice/box'), (e: unknown) =>
            e instanceof RegistryError && e.kind === 'unauthorized');
        saved.delete(other.loginServer);
        await assert.rejects(pullFresh(`${other.loginServer}/alice/box:v1`), (e: unknown) =>
            e instanceof RegistryError && e.kind === 'signInNeeded' && /Other registries/.test(e.message));
    });

    it('a registry that does not exist is named as such', async () => {
        const server = `127.0.0.1:${await freePort('127.0.0.1')}`;
        const client = await logins.client(server);
        await assert.rejects(client.repositories(), (e: unknown) => e instanceof RegistryError && e.kind === 'registryNotFound' && e.message.includes(server));
    });
});
