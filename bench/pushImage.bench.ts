/**
 * Push to Registry… against the emulator, measured in one run: a host created through the
 * extension's core (a real dockerd behind the emulated VM) pushes a 200 MB image (four layers of
 * 50 MB of random bytes) to the emulator's Azure Container Registry (a real distribution registry
 * with token auth) through the extension's push code (RegistryLogins.withEngineAuth + pushImage,
 * following the engine's per-layer progress), and the same push is done by the docker CLI against
 * the same engine over the same TLS address. Wall time ours ÷ CLI, median of alternating runs.
 *
 * Each push goes to a registry of its own, started for it: the engine remembers where it pushed a
 * layer and would otherwise mount it from that repository instead of uploading it (and a layer
 * already in the target would be skipped). Both sides sign in before the timing starts: the CLI
 * with `docker login` (as its user would), the extension by taking its ACR refresh token (the
 * exchange it does once per registry and keeps).
 */
import Docker from 'dockerode';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createArmClients } from '../src/azure/armClients';
import { listAzureRegistries, type AzureRegistry } from '../src/azure/containerRegistries';
import { createDockerHost } from '../src/azure/create/createDockerHost';
import { registryLoginSources } from '../src/azure/registryLoginSources';
import { EngineClient } from '../src/docker/engineClient';
import { pushImage, tagImage } from '../src/docker/operations';
import type { PullProgress } from '../src/docker/pullProgress';
import { acrTokenUsername } from '../src/registry/registryClient';
import { RegistryLogins } from '../src/registry/registryLogins';
import { readClientMaterial } from '../src/tls/storage';
import { TEST_IMAGE } from '../test/harness/dockerd';
import { startAcr, type EmulatedAcr } from '../test/emulator/containerRegistries';
import { startCreateWorld } from '../test/integration/createWorld';
import type { Result } from './result';
import { round } from './stats';

const LAYERS = 4;
const LAYER_MB = 50;
const RUNS = 3;
const IMAGE = 'bench/push:200mb';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Commits one container per layer, each writing LAYER_MB of random bytes (nothing compresses them). */
async function buildImage(docker: Docker): Promise<void> {
    let from = TEST_IMAGE;
    for (let i = 0; i < LAYERS; i++) {
        const container = await docker.createContainer({
            Image: from, Cmd: ['dd', 'if=/dev/urandom', `of=/layer${i}.bin`, 'bs=1048576', `count=${LAYER_MB}`], HostConfig: { NetworkMode: 'none' },
        });
        await container.start();
        const { StatusCode } = await container.wait() as { StatusCode: number };
        if (StatusCode !== 0) {
            throw new Error(`writing layer ${i} failed (${StatusCode})`);
        }
        const [repo, tag] = i === LAYERS - 1 ? IMAGE.split(':') : ['bench/push-part', String(i)];
        await container.commit({ repo, tag });
        await container.remove();
        from = `${repo}:${tag}`;
    }
}

export async function run(): Promise<Result> {
    const world = await startCreateWorld();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-bench-push-'));
    let acr: EmulatedAcr | undefined;
    let client: EngineClient | undefined;
    try {
        const outcome = await createDockerHost({
            plan: world.plan('bench-push'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
        });
        if (!outcome.ok) {
            throw new Error(`the bench host was not created: ${String(outcome.error)}`);
        }
        const address = outcome.host.address.ipAddress;
        const tls = await readClientMaterial(outcome.dir);
        client = new EngineClient({ address, port: 2376, tls }, { timeoutMs: 30_000 });
        const engine = new Docker({ protocol: 'https', host: address, port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        await buildImage(engine);

        const clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        let registries: Promise<AzureRegistry[]> = Promise.resolve([]);
        const logins = new RegistryLogins(registryLoginSources({
            cloud: world.cloud, timeoutMs: 30_000,
            // Listed once per registry, as the Registries view keeps its list.
            registries: () => registries,
            credentialFor: async () => world.subscription.credential,
            savedPassword: async () => undefined,
        }));
        const cli = (args: string[], input?: string) => new Promise<void>((resolve, reject) => {
            // Not execFileSync: the VM's edge, which carries the CLI's connection, runs in this process.
            const child = spawn('docker', args, {
                stdio: ['pipe', 'ignore', 'pipe'],
                env: { PATH: process.env.PATH ?? '', HOME: work, DOCKER_CONFIG: path.join(work, 'docker'), DOCKER_HOST: `tcp://${address}:2376`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: outcome.dir },
            });
            let stderr = '';
            child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
            child.stdin.end(input ?? '');
            child.on('error', reject);
            child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`docker ${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`))));
        });

        const ours: number[] = [];
        const theirs: number[] = [];
        let progressEvents = 0;
        for (let i = 0; i < RUNS; i++) {
            for (const side of i % 2 === 0 ? ['ours', 'cli'] : ['cli', 'ours']) {
                acr = await startAcr(world.emulator, { subscriptionId: world.subscription.subscriptionId, resourceGroup: 'images', name: `benchpush${i}${side}` });
                world.engines.trustRegistry(acr.loginServer, world.emulator.caPem);
                registries = listAzureRegistries(clients, world.subscription.subscriptionId);
                const repository = `${acr.loginServer}/team/app`;
                await tagImage(client, IMAGE, repository, '1');
                // Both sign in before the clock starts.
                const login = await logins.login(acr.loginServer);
                if (side === 'ours') {
                    let received = 0;
                    const onProgress = (p: PullProgress) => (received += p.message ? 1 : 0);
                    const started = performance.now();
                    const pushed = await logins.withEngineAuth(`${repository}:1`, 'push', (auth) => pushImage(client!, repository, '1', { auth, onProgress }));
                    ours.push(performance.now() - started);
                    progressEvents = received;
                    if (!pushed.digest) {
                        throw new Error('our push reported no digest');
                    }
                } else {
                    if (login?.kind !== 'acr') {
                        throw new Error(`${acr.loginServer} was not signed in as an ACR`);
                    }
                    await cli(['login', '--username', acrTokenUsername, '--password-stdin', acr.loginServer], login.refreshToken);
                    const started = performance.now();
                    await cli(['push', `${repository}:1`]);
                    theirs.push(performance.now() - started);
                }
                const tags = await (await logins.client(acr.loginServer)).tags('team/app');
                if (tags.join() !== '1') {
                    throw new Error(`after the ${side} push the registry lists tags [${tags.join()}]`);
                }
                await engine.getImage(`${repository}:1`).remove();
                await acr.stop();
                acr = undefined;
            }
        }
        const ratio = median(ours) / median(theirs);
        return {
            name: 'push-throughput',
            figures: {
                imageMb: LAYERS * LAYER_MB,
                layers: LAYERS,
                oursMedianMs: Math.round(median(ours)),
                cliMedianMs: Math.round(median(theirs)),
                oursOverCli: round(ratio, 3),
                progressEventsPerPush: progressEvents,
                runs: RUNS,
            },
            goal: 'push of a 200 MB image from a host to the emulator\'s ACR: the extension\'s push wall ÷ `docker push` against the same engine ≤ 1.1',
            pass: ratio <= 1.1,
        };
    } finally {
        client?.dispose();
        await acr?.stop();
        await world.stop();
        fs.rmSync(work, { recursive: true, force: true });
    }
}
