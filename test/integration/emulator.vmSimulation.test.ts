/**
 * The emulator's simulated VM runs the extension's real setup extension (buildSetupExtension) and
 * customData (renderCloudInit), and the checks are what a user and an attacker would see: the
 * engine's TLS from outside, the files on the VM's disk, the ports that answer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { gzipSync } from 'node:zlib';
import Docker from 'dockerode';
import { renderCloudInit } from '../../src/hostSetup/cloudInit';
import { buildSetupExtension } from '../../src/hostSetup/extensionSettings';
import { createCa, issueClientCert } from '../../src/tls/certificates';
import { dockerBackedVms, type DockerBackedVms, type SimulatedVm } from '../emulator/dockerBackedVms';
import type { ExtensionHookInfo, VmHookInfo } from '../emulator/server';
import type { Json } from '../emulator/util';
import { createTestPki, type TestPki } from '../harness/pki';

const IP = '127.1.251.1';
const PORT = 2376;

function vmInfo(name: string): VmHookInfo {
    return {
        id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
        name, subscriptionId: 's', resourceGroup: 'rg', location: 'eastus', tags: {},
        customData: Buffer.from(renderCloudInit()).toString('base64'),
        // No ARM here, so no NSG: the tests of the edge's rules go through the emulator (ports.firewall.test.ts).
        inboundAllowed: () => true,
    };
}

const extension: ExtensionHookInfo = {
    id: 'ext', name: 'docker-tls-setup', publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.1', settings: {},
};

function refusedOn(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const s = net.connect({ host, port });
        s.once('connect', () => {
            s.destroy();
            resolve(false);
        });
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
}

describe('Emulator VMs run the setup script the extension sends', function () {
    this.timeout(120_000);
    let pki: TestPki;
    let vms: DockerBackedVms;
    let vm: SimulatedVm;
    const hostOnly = fs.existsSync('/etc/docker/daemon.json') ? fs.readFileSync('/etc/docker/daemon.json', 'utf8') : undefined;

    const client = (material: { cert?: string; key?: string; ca?: string } = { cert: pki.client.certPem, key: pki.client.keyPem }) =>
        new Docker({ protocol: 'https', host: IP, port: PORT, ca: pki.ca.certPem, timeout: 10_000, ...material });

    before(async () => {
        pki = await createTestPki([IP]);
        vms = dockerBackedVms({ importTestImage: false });
        const setup = buildSetupExtension({ port: PORT, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
        await vms.onSetupExtension(vmInfo('vm1'), { id: 'ip1', ipAddress: IP }, setup.protectedSettings as unknown as Json, extension);
        vm = vms.vm(vmInfo('vm1').id)!;
        const run = vm.runs[vm.runs.length - 1];
        console.log(`      (one CustomScript run in the sandbox, boot included: ${run.ms} ms)`);
    });
    after(() => vms?.stopAll());

    it('records what cloud-init was asked for: docker.io from the archive', () => {
        assert.equal(vm.cloudConfig?.kind, 'cloud-config');
        assert.ok(vm.cloudConfig?.packages.includes('docker.io'), JSON.stringify(vm.cloudConfig));
        assert.equal(vm.cloudConfig?.packageUpdate, true);
    });

    it('ran the script as root inside the VM only: the machine\'s /etc is untouched', () => {
        const run = vm.runs.find((r) => r.kind === 'extension')!;
        assert.equal(run.exitCode, 0, run.stderr);
        assert.equal(fs.existsSync('/etc/docker/daemon.json') ? fs.readFileSync('/etc/docker/daemon.json', 'utf8') : undefined, hostOnly);
        assert.ok(!fs.existsSync('/etc/systemd/system/docker.service.d/azure-docker-hosts.conf'));
        assert.equal(vm.disk.stat('/etc/docker/server-key.pem')?.uid, 0);
    });

    it('has an engine that accepts our client and refuses one without a certificate or from another CA', async () => {
        const version = await client().version();
        assert.match(version.Version, /^\d+\.\d+/);
        await assert.rejects(client({}).ping());
        const otherCa = await createCa('someone else');
        const stranger = await issueClientCert(otherCa, { commonName: 'stranger' });
        await assert.rejects(client({ cert: stranger.certPem, key: stranger.keyPem }).ping());
    });

    it('keeps the server key on the VM\'s disk readable by root only', () => {
        const key = vm.disk.stat('/etc/docker/server-key.pem');
        assert.ok(key, 'no server key on the VM');
        assert.equal(key.mode & 0o077, 0, `server-key.pem is ${(key.mode & 0o777).toString(8)}`);
        assert.equal(vm.disk.read('/etc/docker/server-key.pem'), pki.server.keyPem);
    });

    it('has nothing listening on 2375, and only the engine\'s TLS port among the Docker ports', async () => {
        assert.equal(await refusedOn(IP, 2375), true, 'something answers on 2375');
        assert.equal(await refusedOn(IP, PORT), false);
    });

    it('survives a stop and start with the same configuration, re-read from its disk', async () => {
        const argv = vm.engineArgv;
        const config = vm.disk.read('/etc/docker/daemon.json');
        await vms.onVmPower(vmInfo('vm1'), 'stopped');
        assert.equal(await refusedOn(IP, PORT), true, 'the engine still answers after power-off');
        await vms.onVmPower(vmInfo('vm1'), 'running');
        assert.deepEqual(vm.engineArgv, argv);
        assert.equal(vm.disk.read('/etc/docker/daemon.json'), config);
        assert.equal(vm.runs[vm.runs.length - 1].kind, 'boot');
        assert.match((await client().version()).Version, /^\d+\.\d+/);
        await assert.rejects(client({}).ping());
        assert.equal(await refusedOn(IP, 2375), true);
    });

    it('fails the extension with the script\'s stderr when the script fails (a gzip script too)', async () => {
        const script = gzipSync('#!/bin/sh\necho "no luck here" >&2\nexit 3\n').toString('base64');
        await assert.rejects(
            async () => vms.onSetupExtension(vmInfo('vm2'), { id: 'ip2', ipAddress: '127.1.251.2' }, { script }, extension),
            /exit status=3[\s\S]*\[stderr\]\nno luck here/);
    });

    it('fails the extension when the configuration left behind cannot start dockerd', async () => {
        const commandToExecute = 'mkdir -p /etc/docker && printf "{ not json" >/etc/docker/daemon.json && systemctl restart docker';
        await assert.rejects(
            async () => vms.onSetupExtension(vmInfo('vm3'), { id: 'ip3', ipAddress: '127.1.251.3' }, { commandToExecute }, extension),
            /docker\.service did not start after the script: dockerd exited/);
    });
});
