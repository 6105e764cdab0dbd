import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { contextNameForHost, useContext, writeDockerContext } from '../../src/docker/cliContexts';
import { dockerEnvironmentVariables } from '../../src/docker/dockerEnvironment';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { startCreateWorld, type CreateWorld } from './createWorld';

const run = promisify(execFile);

describe('Docker CLI interop: the real docker CLI against a host created in the emulator', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let home: string;
    let address: string;
    let certDir: string;
    let vmId: string;
    const containerName = 'cli-probe';

    before(async () => {
        world = await startCreateWorld();
        const outcome = await createDockerHost({ plan: world.plan('cli1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        address = outcome.host.address.ipAddress;
        certDir = outcome.dir;
        vmId = outcome.host.vmId;
        const tls = await readClientMaterial(certDir);
        const docker = new Docker({ protocol: 'https', host: address, port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        const container = await docker.createContainer({ name: containerName, Image: TEST_IMAGE, Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } });
        await container.start();
        home = mkdtempSync(join(tmpdir(), 'adh-cli-home-'));
    });
    after(async () => {
        await world?.stop();
        if (home) {
            rmSync(home, { recursive: true, force: true });
        }
    });

    /** Only PATH and HOME (and what the test adds): no DOCKER_* from the machine running the tests. */
    const docker = (args: string[], env: Record<string, string> = {}) =>
        run('docker', args, { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, encoding: 'utf8' });

    it('docker --context <name> ps lists the container, using only the context this extension wrote', async () => {
        const name = contextNameForHost('cli1');
        assert.equal(name, 'azure-cli1');
        await writeDockerContext({ name, description: 'Azure Docker host cli1', host: `tcp://${address}:2376`, tls: await readClientMaterial(certDir), vmId }, { configDir: join(home, '.docker') });
        const { stdout } = await docker(['--context', name, 'ps', '--format', '{{.Names}}']);
        assert.deepEqual(stdout.trim().split('\n'), [containerName]);
    });

    it('the CLI reads the context back as written (docker context inspect / ls)', async () => {
        const { stdout } = await docker(['context', 'inspect', 'azure-cli1']);
        const [inspected] = JSON.parse(stdout) as { Name: string; Metadata: Record<string, string>; Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } }; TLSMaterial: Record<string, string[]> }[];
        assert.equal(inspected.Name, 'azure-cli1');
        assert.equal(inspected.Metadata.Description, 'Azure Docker host cli1');
        assert.equal(inspected.Endpoints.docker.Host, `tcp://${address}:2376`);
        assert.equal(inspected.Endpoints.docker.SkipTLSVerify, false);
        assert.deepEqual([...inspected.TLSMaterial.docker].sort(), ['ca.pem', 'cert.pem', 'key.pem']);
        const list = await docker(['context', 'ls', '--format', '{{.Name}} {{.Description}}']);
        assert.match(list.stdout, /^azure-cli1 Azure Docker host cli1$/m);
    });

    it('Use Context makes plain `docker ps` use it, keeping the other config.json keys', async () => {
        const configDir = join(home, '.docker');
        writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: {}, detachKeys: 'ctrl-e,e' }));
        await useContext('azure-cli1', configDir);
        const { stdout } = await docker(['ps', '--format', '{{.Names}}']);
        assert.deepEqual(stdout.trim().split('\n'), [containerName]);
        assert.deepEqual(JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')), { auths: {}, detachKeys: 'ctrl-e,e', currentContext: 'azure-cli1' });
    });

    it('docker ps with the copied environment (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) lists the container', async () => {
        const env = dockerEnvironmentVariables({ address, port: 2376, certDir });
        const bare = mkdtempSync(join(tmpdir(), 'adh-cli-env-'));
        try {
            // A HOME with no docker config at all: only the variables point at the engine.
            const { stdout } = await run('docker', ['ps', '--format', '{{.Names}}'], { env: { PATH: process.env.PATH ?? '', HOME: bare, ...env }, encoding: 'utf8' });
            assert.deepEqual(stdout.trim().split('\n'), [containerName]);
        } finally {
            rmSync(bare, { recursive: true, force: true });
        }
    });
});
