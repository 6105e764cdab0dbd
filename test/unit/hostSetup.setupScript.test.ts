import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSetupScript, SetupScriptInput } from '../../src/hostSetup/setupScript';
import { engineCommand } from '../emulator/dockerBackedVms';
import { createVmFolder, runInVm, VmDiskView, writeCloudInitPackages, writeExtensionPayload, type VmFolder, type VmRun } from '../emulator/vmSandbox';

const input: SetupScriptInput = {
    port: 2376,
    caPem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
    serverCertPem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n',
    serverKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n',
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

    it('passes shellcheck with no warnings', async () => {
        const file = path.join(dir, 'setup.sh');
        await fs.writeFile(file, renderSetupScript(input));
        execFileSync('shellcheck', ['-s', 'bash', '-S', 'style', file], { encoding: 'utf8' });
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
