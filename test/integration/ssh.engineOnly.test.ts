/**
 * An SSH-only host, end to end: created through the emulator with the real setup script, its NSG
 * opens only 22, its dockerd listens only on its unix socket (nothing on 2376, not even inside the
 * VM), and the extension's own engine code (HostEngines, as the tree uses it) lists, follows events
 * and logs, and runs a shell over ONE SSH connection. A host key that does not match is refused
 * with both fingerprints named.
 */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { createArmClients, type ArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { generateEd25519KeyPair } from '../../src/azure/create/sshKeyPair';
import { toDockerHost } from '../../src/azure/discovery';
import { engineSshTarget } from '../../src/azure/lifecycle/hostSshAccess';
import { writeSshDockerContext } from '../../src/azure/lifecycle/sshDockerContext';
import { switchEngineAccess } from '../../src/azure/lifecycle/switchEngineAccess';
import { planBuildContext } from '../../src/docker/build/buildContext';
import { buildImage } from '../../src/docker/build/buildImage';
import { EngineClient } from '../../src/docker/engineClient';
import { readClientMaterial } from '../../src/tls/storage';
import { contextPaths } from '../../src/docker/cliContexts';
import { removeSshConfigHost } from '../../src/ssh/sshConfigHosts';
import { dockerTag } from '../../src/azure/tags';
import { openShell } from '../../src/docker/exec';
import { watchEngineEvents, type ChangeReason } from '../../src/docker/events';
import { HostEngines } from '../../src/docker/hostEngines';
import { followLogs } from '../../src/docker/logs';
import { listContainers, removeContainer, runImage } from '../../src/docker/operations';
import type { DockerHost } from '../../src/host/dockerHost';
import { fingerprint, HostKeyMismatchError, pinHostKeys, readPinnedHostKeys } from '../../src/ssh/hostKeys';
import { innerAddress } from '../emulator/dockerBackedVms';
import { startCreateWorld, type CreateWorld } from './createWorld';

const execFileAsync = promisify(execFile);

describe('An SSH-only host (no Docker port; the engine over one SSH connection)', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let clients: ArmClients;
    let host: DockerHost;
    let dir: string;
    const name = 'sshonly1';

    before(async () => {
        world = await startCreateWorld();
        const keys = generateEd25519KeyPair(`test@${name}`);
        const keyPath = join(mkdtempSync('/tmp/adh-sshkey-'), 'id_ed25519');
        writeFileSync(keyPath, keys.privateKey, { mode: 0o600 });
        // The caller is at the address the emulator's lookup answers, as the NSG edge judges it.
        const outcome = await createDockerHost({
            plan: world.plan(name, { sshPublicKey: keys.publicKey, engineAccess: 'ssh' }), sshPrivateKeyPath: keyPath,
            cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
        });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        dir = outcome.dir;
        clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        const vm = await clients.compute.virtualMachines.get(`${name}-rg`, name, { expand: 'instanceView' });
        host = toDockerHost(vm, { ipAddress: outcome.host.address.ipAddress })!;
    });
    after(() => world?.stop());

    function engines(): HostEngines {
        return new HostEngines(() => world.storageRoot, () => 30_000, undefined, (h, d) => engineSshTarget({ clients, cloud: world.cloud }, h, d));
    }

    it('records the mode on the VM, opens only port 22, and leaves dockerd on its unix socket alone', async () => {
        assert.equal(host.engineAccess, 'ssh', `the VM's ${dockerTag} tag must tell a reloaded tree the mode`);
        const nsg = await clients.network.networkSecurityGroups.get(`${name}-rg`, `${name}-nsg`);
        assert.deepEqual((nsg.securityRules ?? []).map((r) => r.destinationPortRange), ['22']);
        const vm = world.engines.all()[0];
        assert.ok(vm.engine?.running, 'the engine runs');
        assert.ok(!vm.engineArgv!.some((a) => a.startsWith('tcp://')), `dockerd must have no TCP listener: ${vm.engineArgv!.join(' ')}`);
        assert.deepEqual(vm.edge.ports(), [22]);
        await assert.rejects(connectTcp(vm.publicIp, 2376), /ECONNREFUSED/);
        await assert.rejects(connectTcp(innerAddress(vm.publicIp), 2376), /ECONNREFUSED/);
        const daemonJson = JSON.parse(vm.disk.read('/etc/docker/daemon.json') ?? '{}') as Record<string, unknown>;
        assert.equal(daemonJson.tlsverify, undefined, 'no TLS settings for a listener that does not exist');
        assert.equal(vm.disk.read('/etc/docker/server-key.pem'), undefined, 'no server key on the VM');
        assert.ok((await readPinnedHostKeys(dir)).length > 0, 'the host keys from the setup output are pinned at create');
    });

    it('lists, follows events and logs, and runs a shell through the extension\'s engine code over one SSH connection', async () => {
        const hostEngines = engines();
        const engine = hostEngines.forHost(host);
        const client = await engine.getClient();
        const changes: ChangeReason[] = [];
        const watcher = watchEngineEvents(client, { onChange: (reason) => changes.push(reason), coalesceMs: 10 });
        let id: string | undefined;
        try {
            await waitFor(() => watcher.status.state === 'connected');
            ({ id } = await runImage(client, { image: 'testbox:1', name: 'over-ssh', networkMode: 'none', cmd: ['sh', '-c', 'echo hello-over-ssh; sleep 60'] }));
            await waitFor(() => changes.some((c) => c.cause === 'events' && c.scopes.includes('container')));
            assert.ok((await listContainers(client)).some((c) => c.id === id), 'the new container is listed');
            const lines: string[] = [];
            const logs = await followLogs(client, id!, { onLine: (line) => lines.push(line) });
            await waitFor(() => lines.some((l) => l.includes('hello-over-ssh')));
            const shell = await openShell(client, id!, { cols: 80, rows: 24, shells: ['sh'] });
            let out = '';
            shell.onData((d) => (out += d));
            shell.write('echo $((6*7))\n');
            await waitFor(() => out.includes('42'));
            // Events, logs, the shell and the calls above all share the host's one SSH connection.
            const connections = execFileSync('ss', ['-Htn', 'state', 'established', 'dst', `${host.publicIp}:22`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
            assert.equal(connections.length, 1, connections.join('\n'));
            shell.close();
            logs.stop();
        } finally {
            watcher.dispose();
            if (id) {
                await removeContainer(client, id, { force: true });
            }
            hostEngines.dispose();
        }
    });

    it('builds an image from a workspace folder over the same SSH connection, sending only what .dockerignore keeps', async () => {
        const work = mkdtempSync('/tmp/adh-sshbuild-');
        writeFileSync(join(work, 'Dockerfile'), 'FROM testbox:1\nCOPY . /app/\nRUN find /app -type f | sort\n');
        writeFileSync(join(work, '.dockerignore'), 'secret.txt\n');
        writeFileSync(join(work, 'hello.txt'), 'hello\n');
        writeFileSync(join(work, 'secret.txt'), 'do not send\n');
        const hostEngines = engines();
        try {
            const client = await hostEngines.forHost(host).getClient();
            const output: string[] = [];
            const result = await buildImage(client, {
                plan: await planBuildContext(work, join(work, 'Dockerfile')), tag: 'over-ssh/built:1', networkMode: 'none',
                onEvent: (e) => {
                    if (e.kind === 'output') {
                        output.push(e.line);
                    }
                },
            });
            assert.equal(result.tag, 'over-ssh/built:1');
            assert.deepEqual(output.filter((l) => l.startsWith('/app/')), ['/app/.dockerignore', '/app/Dockerfile', '/app/hello.txt']);
            const connections = execFileSync('ss', ['-Htn', 'state', 'established', 'dst', `${host.publicIp}:22`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
            assert.equal(connections.length, 1, connections.join('\n'));
            await client.call('remove the image', (d) => d.getImage('over-ssh/built:1').remove({ force: true }));
        } finally {
            hostEngines.dispose();
        }
    });

    it('Create Docker Context writes ssh://user@adh-<name> and a managed Host block; the real docker CLI then works without a prompt, and delete removes the block', async () => {
        const home = mkdtempSync('/tmp/adh-sshctx-');
        const sshConfigFile = join(home, '.ssh', 'config');
        const dockerConfigDir = join(home, '.docker');
        await writeSshDockerContext({ clients, cloud: world.cloud }, host, dir, 'azure-sshonly1', { dockerConfigDir, sshConfigFile });
        const meta = JSON.parse(readFileSync(contextPaths('azure-sshonly1', dockerConfigDir).metaFile, 'utf8')) as { Endpoints: { docker: { Host: string } } };
        assert.equal(meta.Endpoints.docker.Host, 'ssh://azureuser@adh-sshonly1');
        // OpenSSH reads ~/.ssh/config from the passwd home, not $HOME: an ssh on PATH passes this test's file instead.
        const bin = join(home, 'bin');
        mkdirSync(bin);
        writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F ${sshConfigFile} "$@"\n`, { mode: 0o755 });
        const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home, DOCKER_CONFIG: dockerConfigDir };
        const { stdout } = await execFileAsync('docker', ['--context', 'azure-sshonly1', 'version', '--format', '{{.Server.Os}}'], { env, timeout: 60_000 });
        assert.equal(stdout.trim(), 'linux');
        assert.equal(existsSync(join(home, '.ssh', 'known_hosts')), false, 'the pinned file is used, the user\'s known_hosts never written');
        await removeSshConfigHost(host.id, sshConfigFile);
        assert.doesNotMatch(readFileSync(sshConfigFile, 'utf8'), /adh-sshonly1/);
    });

    it('reaches sshd only when an NSG rule allows the caller\'s public IP (the emulator\'s edge judges port 22 too)', async () => {
        const before = world.emulator.callerPublicIp;
        world.emulator.callerPublicIp = '198.51.100.23';
        const hostEngines = engines();
        try {
            const client = await hostEngines.forHost(host).getClient();
            await assert.rejects(listContainers(client), /not answering|ECONNRESET/);
            const denied = world.engines.all()[0].edge.connections.filter((c) => c.port === 22 && !c.allowed);
            assert.ok(denied.length > 0, 'the edge must have judged and denied a connection to port 22');
        } finally {
            hostEngines.dispose();
            world.emulator.callerPublicIp = before;
        }
    });

    it('refuses a host key that does not match the pinned one, naming both fingerprints, and changes nothing', async () => {
        const pinned = await readPinnedHostKeys(dir);
        const impostor = generateEd25519KeyPair('impostor').publicKey.split(' ');
        await pinHostKeys(dir, [{ type: impostor[0], key: impostor[1] }]);
        const hostEngines = engines();
        try {
            const client = await hostEngines.forHost(host).getClient();
            const error = await listContainers(client).then(() => undefined, (e: unknown) => e);
            assert.ok(error instanceof Error, 'the call must fail');
            const presented = pinned.find((k) => k.type === impostor[0])!;
            assert.ok(error.message.includes(fingerprint(Buffer.from(impostor[1], 'base64'))), error.message);
            assert.ok(error.message.includes(fingerprint(Buffer.from(presented.key, 'base64'))), error.message);
            assert.ok((error as { cause?: unknown }).cause instanceof HostKeyMismatchError || error instanceof HostKeyMismatchError, String(error));
            assert.deepEqual((await readPinnedHostKeys(dir)).map((k) => k.key), [impostor[1]], 'the presented key must not be pinned');
        } finally {
            hostEngines.dispose();
            await pinHostKeys(dir, pinned);
        }
    });

    it('Switch Engine Access moves the host to TLS and back: rules, listener, tag, local material and docker context follow, and the containers survive', async () => {
        const deps = { clients, cloud: world.cloud };
        const home = mkdtempSync('/tmp/adh-switch-');
        const dockerConfigDir = join(home, '.docker');
        const sshConfigFile = join(home, '.ssh', 'config');
        const vm = world.engines.all()[0];
        const survivor = await vm.engine!.socketClient().createContainer({ name: 'survivor', Image: 'testbox:1', Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        await writeSshDockerContext(deps, host, dir, 'azure-sshonly1', { dockerConfigDir, sshConfigFile });
        const readHost = async () => toDockerHost(await clients.compute.virtualMachines.get(`${name}-rg`, name, { expand: 'instanceView' }), { ipAddress: host.publicIp })!;
        const nsgPorts = async () => ((await clients.network.networkSecurityGroups.get(`${name}-rg`, `${name}-nsg`)).securityRules ?? []).map((r) => r.destinationPortRange).sort();
        const contextHost = () => (JSON.parse(readFileSync(contextPaths('azure-sshonly1', dockerConfigDir).metaFile, 'utf8')) as { Endpoints: { docker: { Host: string } } }).Endpoints.docker.Host;

        assert.deepEqual(await switchEngineAccess({ deps, host, hostDir: dir, to: 'tls', engineTimeoutMs: 60_000, dockerConfigDir, sshConfigFile }), ['azure-sshonly1']);
        const tlsHost = await readHost();
        assert.equal(tlsHost.engineAccess, 'tls');
        assert.deepEqual(await nsgPorts(), ['22', '2376']);
        assert.equal(contextHost(), `tcp://${host.publicIp}:2376`);
        assert.doesNotMatch(readFileSync(sshConfigFile, 'utf8'), /adh-sshonly1/, 'the Host block goes with the SSH context');
        const tlsClient = new EngineClient({ address: host.publicIp!, port: 2376, tls: await readClientMaterial(dir) }, { timeoutMs: 30_000 });
        try {
            assert.ok((await listContainers(tlsClient)).some((c) => c.id === survivor.id), 'the container survives the switch to TLS');
        } finally {
            tlsClient.dispose();
        }

        assert.deepEqual(await switchEngineAccess({ deps, host: tlsHost, hostDir: dir, to: 'ssh', engineTimeoutMs: 60_000, dockerConfigDir, sshConfigFile }), ['azure-sshonly1']);
        host = await readHost();
        assert.equal(host.engineAccess, 'ssh');
        assert.deepEqual(await nsgPorts(), ['22']);
        await assert.rejects(connectTcp(vm.publicIp, 2376), /ECONNREFUSED/);
        await assert.rejects(connectTcp(innerAddress(vm.publicIp), 2376), /ECONNREFUSED/);
        assert.equal(contextHost(), 'ssh://azureuser@adh-sshonly1');
        assert.match(readFileSync(sshConfigFile, 'utf8'), /Host adh-sshonly1/);
        const hostEngines = engines();
        try {
            assert.ok((await listContainers(await hostEngines.forHost(host).getClient())).some((c) => c.id === survivor.id), 'the container survives the switch back to SSH');
        } finally {
            hostEngines.dispose();
        }
        await assert.rejects(switchEngineAccess({ deps, host, hostDir: dir, to: 'ssh', engineTimeoutMs: 60_000, dockerConfigDir, sshConfigFile }), /already reached over SSH only\. Nothing was changed/);
    });
});

function connectTcp(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host, port });
        socket.once('connect', () => {
            socket.destroy();
            resolve();
        });
        socket.once('error', reject);
    });
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
        if (Date.now() > deadline) {
            throw new Error('timed out');
        }
        await new Promise((r) => setTimeout(r, 50));
    }
}
