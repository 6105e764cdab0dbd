/**
 * SSH to a created host: the VM's real sshd (Debian's OpenSSH in the VM's sandbox), host keys
 * pinned from what the setup printed through ARM, and a forward that carries HTTP from a
 * container to localhost. Also the bad input: a changed host key, a deleted private key, an sshd
 * that does not answer, a local port that is taken.
 */
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { generateEd25519KeyPair } from '../../src/azure/create/sshKeyPair';
import { ensurePinnedHostKeys, hostKeysFromArm } from '../../src/azure/lifecycle/pinnedHostKeys';
import { createArmClients } from '../../src/azure/armClients';
import { freePortOn, httpGet } from '../harness/httpProbe';
import { waitFor } from '../harness/wait';
import { toDockerHost } from '../../src/azure/discovery';
import { writeHostSshConfig } from '../../src/azure/lifecycle/hostSshConfig';
import { remoteSshFolderUri } from '../../src/ssh/remoteSsh';
import { fingerprint, knownHostsPath, pinHostKeys, pinnedSshOptions, readPinnedHostKeys } from '../../src/ssh/hostKeys';
import { startPortForward } from '../../src/ssh/portForward';
import { connectSsh, SshConnectError, type SshTarget } from '../../src/ssh/sshConnection';
import { SshDockerAgent, sshRequestHost } from '../../src/ssh/sshDockerAgent';
import { startCreateWorld, type CreateWorld } from './createWorld';

const execFileAsync = promisify(execFile);

describe('SSH to a created host (real sshd in the VM, pinned host keys, port forwarding)', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let outcome: Awaited<ReturnType<typeof createDockerHost>>;
    let keyPath: string;
    let target: SshTarget;
    let deps: Parameters<typeof ensurePinnedHostKeys>[0];
    const vmHost = { resourceGroup: 'ssh1-rg', name: 'ssh1' };

    before(async () => {
        world = await startCreateWorld();
        const keys = generateEd25519KeyPair('test@ssh1');
        const keyDir = mkdtempSync('/tmp/adh-sshkey-');
        keyPath = join(keyDir, 'id_ed25519');
        writeFileSync(keyPath, keys.privateKey, { mode: 0o600 });
        outcome = await createDockerHost({ plan: world.plan('ssh1', { sshPublicKey: keys.publicKey }), sshPrivateKeyPath: keyPath, cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud };
        const pinned = await ensurePinnedHostKeys(deps, vmHost, outcome.dir);
        target = { hostName: 'ssh1', address: outcome.host.address.ipAddress, user: 'azureuser', privateKeyPath: keyPath, pinned };
    });
    after(() => world?.stop());

    it('pins the host keys the VM generated at first boot, read from the setup output through ARM', () => {
        assert.ok(outcome.ok);
        const vm = world.engines.all()[0];
        const own = execFileSync('ssh-keygen', ['-lf', vm.disk.resolve('/etc/ssh/ssh_host_ed25519_key.pub')!, '-E', 'sha256'], { encoding: 'utf8' }).split(' ')[1];
        const machine = execFileSync('ssh-keygen', ['-lf', '/etc/ssh/ssh_host_ed25519_key.pub', '-E', 'sha256'], { encoding: 'utf8' }).split(' ')[1];
        assert.notEqual(own, machine, 'the VM must have host keys of its own, not the machine\'s');
        assert.ok(target.pinned.some((k) => fingerprint(Buffer.from(k.key, 'base64')) === own), `pinned ${target.pinned.map((k) => k.type).join(', ')}`);
        assert.match(readFileSync(knownHostsPath(outcome.dir), 'utf8'), /^azure-docker-host ssh-ed25519 /m);
    });

    it('logs in as the admin user with the key from osProfile, and OpenSSH accepts the pinned file with StrictHostKeyChecking=yes', async () => {
        assert.ok(outcome.ok);
        // Asynchronously: sshd is reached through the emulator's NSG edge, which runs in this process.
        const { stdout: out } = await execFileAsync('ssh', ['-i', keyPath, ...pinnedSshOptions(outcome.dir), '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes',
            '-F', '/dev/null', `azureuser@${target.address}`, 'id -un; hostname'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: world.storageRoot } });
        assert.deepEqual(out.trim().split('\n'), ['azureuser', 'ssh1']);
        assert.equal(existsSync(join(world.storageRoot, '.ssh', 'known_hosts')), false, 'the user\'s own known_hosts must stay untouched');
    });

    it('Open in Remote-SSH: the managed Host block lets OpenSSH log in by its alias with the host\'s key and pinned keys, and the window opens that alias', async () => {
        assert.ok(outcome.ok);
        const home = mkdtempSync('/tmp/adh-remotessh-');
        const sshConfigFile = join(home, '.ssh', 'config');
        // The user's own entries stay as they are, below the managed block.
        mkdirSync(join(home, '.ssh'), { mode: 0o700 });
        writeFileSync(sshConfigFile, 'Host *\n    StrictHostKeyChecking no\n', { mode: 0o600 });
        const vm = await deps.clients.compute.virtualMachines.get(vmHost.resourceGroup, vmHost.name, { expand: 'instanceView' });
        const host = toDockerHost(vm, { ipAddress: outcome.host.address.ipAddress })!;
        const { alias, user } = await writeHostSshConfig(deps, host, outcome.dir, { sshConfigFile });
        assert.deepEqual({ alias, user }, { alias: 'adh-ssh1', user: 'azureuser' });
        assert.equal(remoteSshFolderUri(alias, user), 'vscode-remote://ssh-remote+adh-ssh1/home/azureuser');
        // What Remote-SSH runs: ssh with the alias and nothing else (asynchronously: the NSG edge runs in this process).
        const { stdout } = await execFileAsync('ssh', ['-F', sshConfigFile, '-o', 'BatchMode=yes', alias, 'id -un; hostname'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: home } });
        assert.deepEqual(stdout.trim().split('\n'), ['azureuser', 'ssh1']);
        assert.equal(existsSync(join(home, '.ssh', 'known_hosts')), false, 'the pinned file is used; the user\'s known_hosts is never written');
        assert.match(readFileSync(sshConfigFile, 'utf8'), /Host \*\n {4}StrictHostKeyChecking no\n$/);
    });

    it('carries HTTP from a container\'s port on the VM to a local port over the SSH connection', async () => {
        assert.ok(outcome.ok);
        const engine = world.engines.engine(world.engines.all()[0].id)!;
        const docker = new Docker({ socketPath: engine.socketPath });
        const port = await freePortOn(target.address);
        // The emulated VM shares this machine's network: the container serves on the VM's loopback port.
        const container = await docker.createContainer({ Image: 'testbox:1', Cmd: ['sh', '-c', `mkdir -p /w && echo forwarded-ok >/w/index.html && httpd -f -p 127.0.0.1:${port} -h /w`], HostConfig: { NetworkMode: 'host' } });
        await container.start();
        const ssh = await connectSsh(target);
        try {
            const forward = await startPortForward(ssh, port);
            await waitFor('HTTP through the forward', 15_000, async () => (await httpGet(`http://127.0.0.1:${forward.localPort}/`)).includes('forwarded-ok'));
            assert.equal((await httpGet(`http://127.0.0.1:${forward.localPort}/`)).trim(), 'forwarded-ok');
            await forward.close();
            await assert.rejects(httpGet(`http://127.0.0.1:${forward.localPort}/`), /ECONNREFUSED/);
        } finally {
            ssh.end();
            await container.remove({ force: true });
        }
    });

    it('reaches the engine API through one SSH connection to its unix socket: list, events and logs at once', async () => {
        const vm = world.engines.all()[0];
        // What an SSH-only setup does as root: the admin user may use the engine's socket.
        const granted = await world.engines.runAsRoot(vm.id, ['usermod', '-aG', 'docker', 'azureuser']);
        assert.equal(granted.exitCode, 0, granted.stderr);
        // A new login reads the groups afresh; restarting sshd gives it a fresh view of the VM's disk.
        await vm.sshd!.stop();
        await world.engines.restartSshd(vm.id);
        const ssh = await connectSsh(target);
        const docker = new Docker({ protocol: 'http', host: sshRequestHost, port: 80, agent: new SshDockerAgent(ssh) } as Docker.DockerOptions);
        try {
            const events = await docker.getEvents({ filters: { type: ['container'], event: ['start'] } }) as NodeJS.ReadableStream;
            const seen = new Promise<string>((resolve) => events.on('data', (b: Buffer) => resolve(String((JSON.parse(b.toString().split('\n')[0]) as { id: string }).id))));
            const container = await docker.createContainer({ Image: 'testbox:1', Cmd: ['sh', '-c', 'echo over-ssh; sleep 30'], HostConfig: { NetworkMode: 'none' } });
            await container.start();
            assert.equal(await seen, container.id);
            const listed = await docker.listContainers();
            assert.ok(listed.some((c) => c.Id === container.id));
            const logs = await container.logs({ stdout: true, follow: false });
            assert.match(logs.toString(), /over-ssh/);
            // Every call and stream above shared one SSH connection.
            const connections = execFileSync('ss', ['-Htn', 'state', 'established', 'dst', `${target.address}:22`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
            assert.equal(connections.length, 1, connections.join('\n'));
            (events as unknown as { destroy(): void }).destroy();
            await container.remove({ force: true });
        } finally {
            ssh.end();
        }
    });

    it('never pins what the connection itself presents: keys come only from ARM, and pinned keys win over ARM', async () => {
        assert.ok(outcome.ok);
        const fromArm = await hostKeysFromArm(deps, vmHost);
        assert.deepEqual(fromArm, await readPinnedHostKeys(outcome.dir));
        const emptyDir = mkdtempSync('/tmp/adh-nopin-');
        const other = generateEd25519KeyPair('x').publicKey.split(' ');
        await pinHostKeys(emptyDir, [{ type: other[0], key: other[1] }]);
        assert.equal((await ensurePinnedHostKeys(deps, vmHost, emptyDir))[0].key, other[1]);
    });

    it('keeps its host keys across a deallocate and start (generated at first boot only), and is unreachable while stopped', async () => {
        const vms = deps.clients.compute.virtualMachines;
        await vms.beginDeallocateAndWait(vmHost.resourceGroup, vmHost.name, { updateIntervalInMs: 10 });
        await assert.rejects(connectSsh({ ...target, readyTimeoutMs: 5000 }), (e: Error) => e instanceof SshConnectError && /is not answering/.test(e.message));
        await vms.beginStartAndWait(vmHost.resourceGroup, vmHost.name, { updateIntervalInMs: 10 });
        (await connectSsh(target)).end();
    });
});
