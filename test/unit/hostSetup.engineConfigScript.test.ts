import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { refusedEngineSettings, renderEngineConfigScript, type EngineSettings } from '../../src/hostSetup/engineConfigScript';
import { renderRestoreScript, renderSetupScript, scriptErrorIn } from '../../src/hostSetup/setupScript';
import { createVmFolder, runInVm, VmDiskView, writeCloudInitPackages, writeExtensionPayload, type VmFolder, type VmRun } from '../emulator/vmSandbox';

/**
 * Configure Engine's script, run as root on a simulated VM (the emulator's sandbox, stubbed
 * systemctl) after the create's setup script, and read back from the VM's disk and the systemctl
 * calls it made. test/integration/lifecycle.configureEngine.test.ts runs it against a real dockerd.
 */
describe('hostSetup/engineConfigScript run on a VM', () => {
    let vm: VmFolder;
    let disk: VmDiskView;
    let sequence = 0;

    async function run(script: string): Promise<VmRun> {
        writeExtensionPayload(vm, { script });
        return runInVm(vm, 'cfg-vm', { boot: sequence === 0, command: ['adh-run-extension', String(sequence++)] });
    }
    const configure = (settings: EngineSettings) => run(renderEngineConfigScript(settings));
    const daemonJson = () => JSON.parse(disk.read('/etc/docker/daemon.json') ?? 'null') as Record<string, unknown>;
    const systemctl = (r: VmRun) => r.calls.filter((c) => c[0] === 'systemctl').map((c) => c.slice(1).join(' '));

    before(async () => {
        vm = createVmFolder();
        writeCloudInitPackages(vm, ['docker.io']);
        disk = new VmDiskView(vm.disk);
        const setup = await run(renderSetupScript({
            port: 2376,
            caPem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
            serverCertPem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n',
            serverKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n',
            liveRestore: true,
        }));
        assert.equal(setup.exitCode, 0, setup.stderr);
    });
    after(() => fs.rm(vm.dir, { recursive: true, force: true }));

    it('passes shellcheck with no warnings', async () => {
        const file = path.join(vm.dir, 'configure.sh');
        await fs.writeFile(file, renderEngineConfigScript({ logs: { driver: 'json-file', maxSize: '10m', maxFile: 3 }, liveRestore: false }));
        execFileSync('shellcheck', ['-s', 'bash', '-S', 'style', file], { encoding: 'utf8' });
    });

    it('a new log driver: its options replace the old driver\'s, the TLS keys stay, and the engine restarts after live-restore was reloaded', async () => {
        const before = daemonJson();
        const result = await configure({ logs: { driver: 'json-file', maxSize: '10m', maxFile: 3 } });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.deepEqual(daemonJson(), { ...before, 'log-driver': 'json-file', 'log-opts': { 'max-size': '10m', 'max-file': '3' } });
        assert.deepEqual(systemctl(result), ['reload docker', 'restart docker', 'is-active --quiet docker']);
        assert.equal(disk.stat('/etc/docker/daemon.json')!.mode & 0o777, 0o644);
    });

    it('the same driver: only max-size and max-file change, its other options stay', async () => {
        const before = daemonJson();
        await run(`#!/bin/bash\npython3 - <<'PY'\nimport json\np = "/etc/docker/daemon.json"\nc = json.load(open(p))\nc["log-opts"]["labels"] = "app"\njson.dump(c, open(p, "w"))\nPY\n`);
        const result = await configure({ logs: { driver: 'json-file', maxSize: '50m', maxFile: 2 } });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.deepEqual(daemonJson(), { ...before, 'log-opts': { 'max-size': '50m', 'max-file': '2', labels: 'app' } });
    });

    it('live-restore alone: a reload, no restart', async () => {
        const result = await configure({ liveRestore: false });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.equal(daemonJson()['live-restore'], false);
        assert.deepEqual(systemctl(result), ['reload docker', 'is-active --quiet docker']);
    });

    it('settings the engine already has: nothing is written and the engine is left alone', async () => {
        const before = disk.read('/etc/docker/daemon.json');
        const result = await configure({ liveRestore: false });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.match(result.stdout, /already has these settings/);
        assert.deepEqual(systemctl(result), []);
        assert.equal(disk.read('/etc/docker/daemon.json'), before);
    });

    it('the restore script afterwards puts back the daemon.json from before the last change', async () => {
        const before = disk.read('/etc/docker/daemon.json');
        assert.equal((await configure({ liveRestore: true })).exitCode, 0);
        assert.notEqual(disk.read('/etc/docker/daemon.json'), before);
        assert.equal((await run(renderRestoreScript())).exitCode, 0);
        assert.equal(disk.read('/etc/docker/daemon.json'), before);
    });

    it('a daemon.json that is not JSON: fails before writing anything, saying what to do, and a restore then changes nothing', async () => {
        await run(`#!/bin/bash\nprintf '{"debug": true,' >/etc/docker/daemon.json\n`);
        const result = await configure({ liveRestore: true });
        assert.notEqual(result.exitCode, 0);
        assert.equal(scriptErrorIn(`Enable failed: failed to execute command: command terminated with exit status=${result.exitCode}\n[stdout]\n\n[stderr]\n${result.stderr}`)?.replace(/ \(.*\)/, ''), '/etc/docker/daemon.json is not valid JSON; fix or remove it on the VM, then try again');
        assert.equal(disk.read('/etc/docker/daemon.json'), '{"debug": true,');
        assert.equal((await run(renderRestoreScript())).exitCode, 0);
        assert.equal(disk.read('/etc/docker/daemon.json'), '{"debug": true,');
    });
});

describe('hostSetup/engineConfigScript input', () => {
    it('refuses live-restore on a swarm node, bad sizes and counts, and an empty change, before rendering anything', () => {
        assert.match(refusedEngineSettings({ liveRestore: true }, { swarmActive: true }) ?? '', /swarm node/);
        assert.equal(refusedEngineSettings({ liveRestore: false }, { swarmActive: true }), undefined);
        for (const maxSize of ['', '20', '20M', '0m', '20mb', "1m'; reboot; '"]) {
            assert.throws(() => renderEngineConfigScript({ logs: { driver: 'local', maxSize, maxFile: 5 } }), /like 20m/, maxSize);
        }
        for (const maxFile of [0, 101, 1.5, Number.NaN]) {
            assert.throws(() => renderEngineConfigScript({ logs: { driver: 'local', maxSize: '20m', maxFile } }), /from 1 to 100/, String(maxFile));
        }
        assert.throws(() => renderEngineConfigScript({}), /Nothing to change/);
    });

    it('reads the last line the script wrote to stderr from Azure\'s message', () => {
        const azure = (output: string) => `VM has reported a failure when processing extension 'x'. Error message: '${output}'. More information on troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot.`;
        assert.equal(scriptErrorIn(azure('Enable failed: failed to execute command: command terminated with exit status=1\n[stdout]\nok\n[stderr]\nfirst\nthe cause\n')), 'the cause');
        // The script did not fail by itself (the engine, say, or a timeout): no line of its is the cause.
        assert.equal(scriptErrorIn(azure('Enable failed: docker.service did not start after the script: boom\n[stdout]\n\n[stderr]\nwarning\n')), undefined);
        assert.equal(scriptErrorIn('Conflict: something else'), undefined);
    });
});
