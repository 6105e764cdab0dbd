import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, promises as fs, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderRestoreScript, renderSetupScript, setupConflictsIn, type TlsSetupInput } from '../../src/hostSetup/setupScript';
import { engineCommand } from '../emulator/dockerBackedVms';
import { writeOsProfileAccount } from '../emulator/vmSshd';
import { createVmFolder, runInVm, VmDiskView, writeCloudInitPackages, writeExtensionPayload, type VmFolder, type VmRun } from '../emulator/vmSandbox';

const input: TlsSetupInput = {
    port: 2376,
    caPem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
    serverCertPem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n',
    serverKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n',
    // What Create Docker Host passes for a single host.
    liveRestore: true,
};

/** Runs only the script's value assignments plus `tail`, never the part that writes to /etc. */
function runAssignments(script: string, tail: string): string {
    const assignments = script.split('\n').filter((line) => line.startsWith('readonly ')).join('\n');
    return execFileSync('bash', ['-c', `set -euo pipefail\n${assignments}\n${tail}`], { encoding: 'utf8' });
}

describe('hostSetup/setupScript', () => {
    let dir: string;

    before(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adh-script-'));
    });

    after(async () => {
        await fs.rm(dir, { recursive: true, force: true });
    });

    it('passes shellcheck with no warnings, and so does the restore script', async () => {
        for (const [name, text] of [['setup.sh', renderSetupScript(input)], ['restore.sh', renderRestoreScript()]]) {
            const file = path.join(dir, name);
            await fs.writeFile(file, text);
            execFileSync('shellcheck', ['-s', 'bash', '-S', 'style', file], { encoding: 'utf8' });
        }
    });

    it('is a bash script with every placeholder filled', () => {
        const script = renderSetupScript(input);
        assert.ok(script.startsWith('#!/bin/bash\n'));
        assert.doesNotMatch(script, /@@/);
    });

    it('embeds the PEMs as base64 that bash decodes back exactly', () => {
        const script = renderSetupScript(input);
        assert.doesNotMatch(script, /BEGIN/);
        assert.equal(runAssignments(script, 'printf %s "$ca_pem_b64" | base64 -d'), input.caPem);
        assert.equal(runAssignments(script, 'printf %s "$server_cert_pem_b64" | base64 -d'), input.serverCertPem);
        assert.equal(runAssignments(script, 'printf %s "$server_key_pem_b64" | base64 -d'), input.serverKeyPem);
    });

    it('cannot be made to run injected shell', async () => {
        const marker = path.join(dir, 'pwned');
        const evil = `-----BEGIN CERTIFICATE-----\n'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`\n-----END CERTIFICATE-----\n`;
        const script = renderSetupScript({ ...input, caPem: evil });
        assert.equal(runAssignments(script, 'printf %s "$ca_pem_b64" | base64 -d'), evil);
        await assert.rejects(fs.stat(marker), { code: 'ENOENT' });
    });

    it('rejects a bad port or something that is not PEM', () => {
        for (const port of [0, 65536, 1.5, Number.NaN]) {
            assert.throws(() => renderSetupScript({ ...input, port }), RangeError);
        }
        assert.throws(() => renderSetupScript({ ...input, serverKeyPem: 'not a key' }));
        assert.throws(() => renderSetupScript({ ...input, caPem: input.serverKeyPem }));
    });
});

/**
 * What the script does when it runs: as root on a simulated VM (the emulator's sandbox: its own
 * namespaces and overlay disk over this machine's `/`, stubbed systemctl/apt-get/cloud-init), then
 * read back from that VM's disk and from what its systemd would run. No dockerd is started here;
 * test/integration/emulator.vmSimulation.test.ts starts one from the same configuration.
 */
describe('hostSetup/setupScript run on a VM', () => {
    const port = 12376;
    let vm: VmFolder;
    let disk: VmDiskView;
    let first: VmRun;

    async function runScript(sequence: number, boot: boolean): Promise<VmRun> {
        writeExtensionPayload(vm, { script: renderSetupScript({ ...input, port }) });
        return runInVm(vm, 'unit-vm', { boot, command: ['adh-run-extension', String(sequence)] });
    }

    before(async () => {
        vm = createVmFolder();
        writeCloudInitPackages(vm, ['docker.io']);
        disk = new VmDiskView(vm.disk);
        first = await runScript(0, true);
    });
    after(() => fs.rm(vm.dir, { recursive: true, force: true }));

    it('succeeds as root, having waited for cloud-init before writing anything', () => {
        assert.equal(first.exitCode, 0, first.stderr);
        assert.deepEqual(first.calls[0], ['cloud-init', 'status', '--wait']);
    });

    it('leaves the PEMs on the disk, the server key readable and writable by root only', () => {
        assert.equal(disk.read('/etc/docker/ca.pem'), input.caPem);
        assert.equal(disk.read('/etc/docker/server-cert.pem'), input.serverCertPem);
        assert.equal(disk.read('/etc/docker/server-key.pem'), input.serverKeyPem);
        const key = disk.stat('/etc/docker/server-key.pem')!;
        assert.equal(key.uid, 0);
        assert.equal(key.mode & 0o077, 0, `server-key.pem is ${(key.mode & 0o777).toString(8)}`);
        for (const cert of ['/etc/docker/ca.pem', '/etc/docker/server-cert.pem', '/etc/docker/daemon.json']) {
            assert.equal(disk.stat(cert)!.mode & 0o022, 0, `${cert} is writable by others`);
        }
    });

    it('leaves a daemon.json that makes dockerd require client certificates from this CA', () => {
        const config = JSON.parse(disk.read('/etc/docker/daemon.json') ?? 'null') as Record<string, unknown>;
        assert.equal(config.tlsverify, true);
        assert.equal(disk.read(String(config.tlscacert)), input.caPem);
        assert.equal(disk.read(String(config.tlscert)), input.serverCertPem);
        assert.equal(disk.read(String(config.tlskey)), input.serverKeyPem);
        // "hosts" here would conflict with the unit's -H flags and dockerd would not start.
        assert.equal(config.hosts, undefined);
    });

    it('on a VM without a Docker configuration, writes the TLS keys and log rotation, and the drop-in', () => {
        assert.deepEqual(JSON.parse(disk.read('/etc/docker/daemon.json')!), {
            'tls': true, 'tlsverify': true, 'tlscacert': '/etc/docker/ca.pem', 'tlscert': '/etc/docker/server-cert.pem', 'tlskey': '/etc/docker/server-key.pem',
            // Container logs rotate, so a chatty container cannot fill the VM's disk.
            'log-driver': 'local', 'log-opts': { 'max-size': '20m', 'max-file': '5' },
            // Containers keep running while the engine restarts or is upgraded.
            'live-restore': true,
        });
        assert.equal(disk.stat('/etc/docker/daemon.json')!.mode & 0o777, 0o644);
        assert.equal(disk.read('/etc/systemd/system/docker.service.d/azure-docker-hosts.conf'), `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:${port}\n`);
    });

    it('makes systemd run dockerd on the given port on all addresses, and on no other TCP port', () => {
        const command = engineCommand(vm, disk, '127.0.0.1');
        assert.ok(command, 'docker is not active after the script');
        const listeners = command.args.filter((_arg, i) => command.args[i - 1] === '-H');
        assert.deepEqual(listeners.filter((l) => l.startsWith('tcp://')), [`tcp://127.0.0.1:${port}`]);
        assert.equal(command.port, port);
    });

    it('can run again (certificate rotation) and leaves the same configuration', async () => {
        const before = engineCommand(vm, disk, '127.0.0.1');
        const again = await runScript(1, false);
        assert.equal(again.exitCode, 0, again.stderr);
        assert.deepEqual(engineCommand(vm, disk, '127.0.0.1'), before);
        assert.equal(disk.stat('/etc/docker/server-key.pem')!.mode & 0o077, 0);
    });
});

/** SSH only, on a VM that was set up for TLS first (what a switch of engine access runs). */
describe('hostSetup/setupScript, SSH only, run on a VM set up for TLS', () => {
    let vm: VmFolder;
    let disk: VmDiskView;
    let run: VmRun;

    before(async () => {
        vm = createVmFolder();
        writeCloudInitPackages(vm, ['docker.io']);
        writeOsProfileAccount(vm, { user: 'azureuser', keys: [] });
        disk = new VmDiskView(vm.disk);
        writeExtensionPayload(vm, { script: renderSetupScript({ ...input, port: 12376 }) });
        assert.equal((await runInVm(vm, 'ssh-vm', { boot: true, command: ['adh-run-extension', '0'] })).exitCode, 0);
        writeExtensionPayload(vm, { script: renderSetupScript({ access: 'ssh', adminUser: 'azureuser' }) });
        run = await runInVm(vm, 'ssh-vm', { boot: false, command: ['adh-run-extension', '1'] });
    });
    after(() => fs.rm(vm.dir, { recursive: true, force: true }));

    it('passes shellcheck too', async () => {
        const file = path.join(os.tmpdir(), `adh-ssh-setup-${process.pid}.sh`);
        await fs.writeFile(file, renderSetupScript({ access: 'ssh', adminUser: 'azureuser' }));
        execFileSync('shellcheck', ['-s', 'bash', '-S', 'style', file], { encoding: 'utf8' });
        await fs.rm(file);
    });

    it('makes systemd run dockerd on its unix socket alone: no TCP listener, no TLS keys or PEMs left', () => {
        assert.equal(run.exitCode, 0, run.stderr);
        assert.match(run.stdout, /listens only on its unix socket/);
        assert.equal(disk.read('/etc/systemd/system/docker.service.d/azure-docker-hosts.conf'), '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n');
        const command = engineCommand(vm, disk, '127.0.0.1')!;
        assert.deepEqual(command.ports, []);
        assert.deepEqual(JSON.parse(disk.read('/etc/docker/daemon.json')!), { 'log-driver': 'local', 'log-opts': { 'max-size': '20m', 'max-file': '5' }, 'live-restore': true });
        for (const pem of ['ca.pem', 'server-cert.pem', 'server-key.pem']) {
            assert.equal(disk.read(`/etc/docker/${pem}`), undefined, pem);
        }
    });

    it('lets the admin user use the engine\'s socket (the docker group), and no one else', () => {
        const docker = (disk.read('/etc/group') ?? '').split('\n').find((l) => l.startsWith('docker:'));
        assert.equal(docker?.split(':')[3], 'azureuser');
    });

    it('refuses an admin user name that is not a Linux user name, before rendering anything', () => {
        assert.throws(() => renderSetupScript({ access: 'ssh', adminUser: 'x; rm -rf /' }), /Invalid admin user name/);
    });
});

/**
 * Adoption: the same script on a VM whose Docker someone already configured. Its files are put on
 * the VM's disk before the first boot, as the VM's owner would have left them.
 */
describe('hostSetup/setupScript on a VM that already has a Docker configuration', () => {
    const port = 12376;
    const userConfig = {
        'data-root': '/srv/docker-data',
        'log-driver': 'json-file',
        'log-opts': { 'max-size': '10m', 'max-file': '3' },
        'registry-mirrors': ['https://mirror.example.test'],
    };
    const userDaemonJson = `${JSON.stringify(userConfig, null, 4)}\n`;
    const userDropIn = '[Service]\nLimitNOFILE=65536\n';
    const dropInDir = '/etc/systemd/system/docker.service.d';
    const ourDropIn = `${dropInDir}/azure-docker-hosts.conf`;
    const watched = ['/etc/docker/daemon.json', '/etc/docker/ca.pem', '/etc/docker/server-cert.pem', '/etc/docker/server-key.pem', ourDropIn, `${dropInDir}/limits.conf`, `${dropInDir}/listen.conf`];
    const vms: VmFolder[] = [];

    /** A VM with docker.io and these files on its disk; `before` is what the VM sees at the watched paths. */
    function vmWith(files: Record<string, string>): { vm: VmFolder; disk: VmDiskView; before: Record<string, string | undefined> } {
        const vm = createVmFolder();
        vms.push(vm);
        writeCloudInitPackages(vm, ['docker.io']);
        for (const [file, text] of Object.entries(files)) {
            const onDisk = path.join(vm.disk, file);
            mkdirSync(path.dirname(onDisk), { recursive: true });
            writeFileSync(onDisk, text, { mode: 0o644 });
        }
        const disk = new VmDiskView(vm.disk);
        return { vm, disk, before: snapshot(disk) };
    }
    const snapshot = (disk: VmDiskView) => Object.fromEntries(watched.map((f) => [f, disk.read(f)]));
    async function run(vm: VmFolder, script: string, sequence: number): Promise<VmRun> {
        writeExtensionPayload(vm, { script });
        return runInVm(vm, 'adopted-vm', { boot: sequence === 0, command: ['adh-run-extension', String(sequence)] });
    }
    const setup = () => renderSetupScript({ ...input, port });

    it('a swarm node gets live-restore false (dockerd refuses it in swarm mode); a live-restore already chosen is kept', async () => {
        const node = vmWith({});
        const result = await run(node.vm, renderSetupScript({ ...input, port, liveRestore: false }), 0);
        assert.equal(result.exitCode, 0, result.stderr);
        assert.equal((JSON.parse(node.disk.read('/etc/docker/daemon.json')!) as Record<string, unknown>)['live-restore'], false);
        const chosen = vmWith({ '/etc/docker/daemon.json': JSON.stringify({ 'live-restore': false }) });
        assert.equal((await run(chosen.vm, setup(), 0)).exitCode, 0);
        assert.equal((JSON.parse(chosen.disk.read('/etc/docker/daemon.json')!) as Record<string, unknown>)['live-restore'], false);
    });

    it('adds no live-restore when none is chosen (Enable Docker on an existing VM, a rotation): a VM that is someone\'s swarm node would not start its engine with it', async () => {
        const adopted = vmWith({ '/etc/docker/daemon.json': userDaemonJson });
        assert.equal((await run(adopted.vm, renderSetupScript({ ...input, port, liveRestore: undefined }), 0)).exitCode, 0);
        assert.equal('live-restore' in (JSON.parse(adopted.disk.read('/etc/docker/daemon.json')!) as Record<string, unknown>), false);
    });

    after(() => Promise.all(vms.map((vm) => fs.rm(vm.dir, { recursive: true, force: true }))));

    it('keeps data-root, log options, registry mirrors and other drop-ins, and adds only the TLS keys and live-restore', async () => {
        const { vm, disk } = vmWith({ '/etc/docker/daemon.json': userDaemonJson, [`${dropInDir}/limits.conf`]: userDropIn });
        const result = await run(vm, setup(), 0);
        assert.equal(result.exitCode, 0, result.stderr);
        assert.deepEqual(JSON.parse(disk.read('/etc/docker/daemon.json')!), {
            ...userConfig, tls: true, tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/server-cert.pem', tlskey: '/etc/docker/server-key.pem',
            'live-restore': true,
        });
        assert.equal(disk.read(`${dropInDir}/limits.conf`), userDropIn);
        const command = engineCommand(vm, disk, '127.0.0.1');
        assert.deepEqual(command?.args.filter((a) => a.startsWith('tcp://')), [`tcp://127.0.0.1:${port}`]);
    });

    it('a run again (rotation) finds its own keys and drop-in and is no conflict', async () => {
        const { vm, disk } = vmWith({ '/etc/docker/daemon.json': userDaemonJson });
        assert.equal((await run(vm, setup(), 0)).exitCode, 0);
        const first = disk.read('/etc/docker/daemon.json');
        const again = await run(vm, setup(), 1);
        assert.equal(again.exitCode, 0, again.stderr);
        assert.equal(disk.read('/etc/docker/daemon.json'), first);
    });

    it('stops on conflicting keys, lists each conflict, and changes nothing; a rollback\'s restore then has nothing to put back', async () => {
        const { vm, disk, before } = vmWith({
            '/etc/docker/daemon.json': JSON.stringify({ ...userConfig, hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2375'], tlscert: '/etc/ssl/docker.pem' }),
            // An older run's backup, which this run's rollback must not bring back.
            '/var/lib/azure-docker-hosts/backup/complete': '',
            '/var/lib/azure-docker-hosts/backup/absent': '',
            '/var/lib/azure-docker-hosts/backup/files/etc/docker/daemon.json': '{"stale": true}\n',
        });
        const result = await run(vm, setup(), 0);
        assert.notEqual(result.exitCode, 0);
        const conflicts = setupConflictsIn(`Enable failed: exit status=3\n[stdout]\n\n[stderr]\n${result.stderr}`);
        assert.equal(conflicts?.length, 2, result.stderr);
        assert.match(conflicts[0], /^daemon\.json: "tlscert" is "\/etc\/ssl\/docker\.pem"; this setup needs "\/etc\/docker\/server-cert\.pem"$/);
        assert.match(conflicts[1], /^daemon\.json: "hosts" is \["unix:\/\/\/var\/run\/docker\.sock", "tcp:\/\/0\.0\.0\.0:2375"\]/);
        assert.deepEqual(snapshot(disk), before);
        const restored = await run(vm, renderRestoreScript(), 1);
        assert.equal(restored.exitCode, 0, restored.stderr);
        assert.deepEqual(snapshot(disk), before);
    });

    it('stops on a drop-in or DOCKER_OPTS that sets dockerd\'s command line, which the setup would replace', async () => {
        const { vm, disk, before } = vmWith({
            '/etc/docker/daemon.json': userDaemonJson,
            [`${dropInDir}/listen.conf`]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://127.0.0.1:2375\n',
            '/etc/default/docker': 'DOCKER_OPTS="--dns 10.0.0.2"\n',
        });
        const result = await run(vm, setup(), 0);
        assert.notEqual(result.exitCode, 0);
        assert.match(result.stderr, /listen\.conf sets ExecStart=\/usr\/bin\/dockerd -H unix:\/\/\/var\/run\/docker\.sock -H tcp:\/\/127\.0\.0\.1:2375/);
        assert.match(result.stderr, /\/etc\/default\/docker sets DOCKER_OPTS="--dns 10\.0\.0\.2"/);
        assert.deepEqual(snapshot(disk), before);
    });

    it('puts the old files back when it fails after writing them', async () => {
        // A regular file where the drop-in folder goes: `install -d` fails after daemon.json and the PEMs are written.
        const { vm, disk, before } = vmWith({ '/etc/docker/daemon.json': userDaemonJson, '/etc/systemd/system/docker.service.d': 'not a folder\n' });
        const result = await run(vm, setup(), 0);
        assert.notEqual(result.exitCode, 0);
        assert.match(result.stderr, /restored the previous Docker configuration/);
        assert.deepEqual(snapshot(disk), before);
        assert.equal(disk.stat('/etc/docker/daemon.json')!.mode & 0o777, 0o644);
    });

    it('the restore script puts back what was there before the last run, and removes what was not', async () => {
        const { vm, disk, before } = vmWith({ '/etc/docker/daemon.json': userDaemonJson, [`${dropInDir}/limits.conf`]: userDropIn });
        assert.equal((await run(vm, setup(), 0)).exitCode, 0);
        assert.notDeepEqual(snapshot(disk), before);
        const restored = await run(vm, renderRestoreScript(), 1);
        assert.equal(restored.exitCode, 0, restored.stderr);
        assert.deepEqual(snapshot(disk), before);
        assert.deepEqual(restored.calls.filter((c) => c[0] === 'systemctl'), [['systemctl', 'daemon-reload'], ['systemctl', 'restart', 'docker']]);
        // A second restore (after the script's own) has nothing left to do.
        const again = await run(vm, renderRestoreScript(), 2);
        assert.equal(again.exitCode, 0, again.stderr);
        assert.deepEqual(snapshot(disk), before);
    });
});
