import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateEd25519KeyPair } from '../../src/azure/create/sshKeyPair';
import { applyFirewallUpdate, planFirewallUpdate, readHostFirewall } from '../../src/azure/firewall/hostFirewall';
import { ensurePinnedHostKeys } from '../../src/azure/lifecycle/pinnedHostKeys';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { fingerprint, HostKeyMismatchError, pinHostKeys, pinnedSshOptions } from '../../src/ssh/hostKeys';
import { LocalPortInUseError, startPortForward } from '../../src/ssh/portForward';
import { connectSsh, SshConnectError, type SshTarget } from '../../src/ssh/sshConnection';
import { freePortOn, httpGet } from '../harness/httpProbe';
import { waitFor } from '../harness/wait';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

describe('SSH and forwards: bad input and a changed address', () => {
    let world: ReliabilityWorld;
    let deps: LifecycleDeps;
    let target: SshTarget;
    let keyPath: string;
    let vmId: string;
    let group: string;
    /** A web server on the VM (host network, so on the VM's loopback port): what a forward reaches. */
    let webPort: number;
    let web: Docker.Container;

    before(async function () {
        this.timeout(120_000);
        world = await startReliabilityWorld();
        const keys = generateEd25519KeyPair('test@sshr');
        keyPath = join(mkdtempSync('/tmp/adh-sshkey-'), 'id_ed25519');
        writeFileSync(keyPath, keys.privateKey, { mode: 0o600 });
        const outcome = await world.create('sshr', { plan: { sshPublicKey: keys.publicKey } });
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        vmId = outcome.host.vmId;
        group = vmId.replace(/\/providers\/.*$/, '');
        deps = { clients: await world.clients(), cloud: world.cloud, pollIntervalMs: 10 };
        const pinned = await ensurePinnedHostKeys(deps, { resourceGroup: 'sshr-rg', name: 'sshr' }, outcome.dir);
        target = { hostName: 'sshr', address: outcome.host.address.ipAddress, user: 'azureuser', privateKeyPath: keyPath, pinned };
        webPort = await freePortOn('127.0.0.1');
        const docker = new Docker({ socketPath: world.engines.all()[0].engine!.socketPath });
        web = await docker.createContainer({ Image: 'testbox:1', Cmd: ['sh', '-c', `mkdir -p /w && echo forwarded-ok >/w/index.html && httpd -f -p 127.0.0.1:${webPort} -h /w`], HostConfig: { NetworkMode: 'host' } });
        await web.start();
    });
    afterEach(() => world.emulator.faults.clear());
    after(async () => {
        await web?.remove({ force: true });
        await world?.stop();
    });

    /** Each failure must leave Azure as it was. */
    const unchanged = async (run: () => Promise<void>) => {
        const baseline = world.inventory(group);
        await run();
        assertInventory(world.inventory(group), baseline, 'Azure after the refused connection');
    };

    scenario({ area: 'Engine faults', kind: 'emulator+dockerd', name: 'The user\'s IP changed with a forward open', fault: 'The caller\'s public IP changes while an SSH forward carries HTTP; the NSG rules name the old address', expected: 'The forward ends and a new SSH connection is refused by the NSG; Update Firewall moves the extension\'s SSH and Docker rules (and only those) to the new address, after which a new forward carries HTTP' }, async () => {
        const before = world.emulator.callerPublicIp;
        const nsg = (await readHostFirewall(deps, vmId)).find((n) => n.owned)!;
        // A rule of the user's own, which Update Firewall must leave alone.
        await deps.clients.network.securityRules.createOrUpdate(nsg.resourceGroup, nsg.name, 'their-office', {
            protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: `${before}/32`, destinationAddressPrefix: '*', access: 'Allow', priority: 3000, direction: 'Inbound',
        }, { updateIntervalInMs: 10 });
        const theirs = () => JSON.stringify(world.emulator.state.all().find((r) => r.id.toLowerCase().endsWith('/securityrules/their-office'))?.properties);
        const theirsBefore = theirs();
        const ssh = await connectSsh(target);
        const forward = await startPortForward(ssh, webPort);
        assert.equal((await httpGet(`http://127.0.0.1:${forward.localPort}/`)).trim(), 'forwarded-ok');
        let ended = false;
        void forward.closed.then(() => (ended = true));
        world.emulator.callerPublicIp = '198.51.100.23';
        try {
            await waitFor('the forward to end with its connection', 10_000, () => ended);
            await assert.rejects(connectSsh({ ...target, readyTimeoutMs: 5000 }), (e: Error) => e instanceof SshConnectError && /is not answering/.test(e.message));
            const changes = await planFirewallUpdate(deps, vmId, '198.51.100.23/32');
            assert.deepEqual(changes.map((c) => `${c.rule.name}: ${c.from} → ${c.to}`).sort(), [
                `allow-docker-tls: ${before}/32 → 198.51.100.23/32`,
                `allow-ssh: ${before}/32 → 198.51.100.23/32`,
            ]);
            await applyFirewallUpdate(deps, changes);
            const again = await connectSsh(target);
            try {
                const next = await startPortForward(again, webPort);
                assert.equal((await httpGet(`http://127.0.0.1:${next.localPort}/`)).trim(), 'forwarded-ok');
                await next.close();
            } finally {
                again.end();
            }
            assert.equal(theirs(), theirsBefore, 'the user\'s own rule changed');
        } finally {
            ssh.end();
            world.emulator.callerPublicIp = before;
            await applyFirewallUpdate(deps, await planFirewallUpdate(deps, vmId, `${before}/32`));
            await deps.clients.network.securityRules.beginDeleteAndWait(nsg.resourceGroup, nsg.name, 'their-office', { updateIntervalInMs: 10 });
        }
    });

    scenario({ area: 'Bad input', kind: 'emulator+dockerd', name: 'A forward to a local port already in use', fault: 'Forward Port to Localhost asks for the local port another forward holds', expected: 'Refused, naming the port and saying to choose another or leave it empty; the first forward still carries HTTP' }, async () => {
        const ssh = await connectSsh(target);
        try {
            const first = await startPortForward(ssh, webPort);
            await assert.rejects(startPortForward(ssh, webPort, first.localPort),
                (e: Error) => e instanceof LocalPortInUseError && e.message.includes(`Local port ${first.localPort} is already in use`) && /leave it empty/.test(e.message));
            assert.equal((await httpGet(`http://127.0.0.1:${first.localPort}/`)).trim(), 'forwarded-ok');
            await first.close();
        } finally {
            ssh.end();
        }
    });

    scenario({ area: 'Bad input', kind: 'emulator+dockerd', name: 'The SSH private key was deleted locally', fault: 'The host\'s private key file is gone when a connection starts', expected: 'The message names the file and says to put the key back; nothing in Azure changes' }, async () => {
        const moved = `${keyPath}.moved`;
        renameSync(keyPath, moved);
        try {
            await unchanged(() => assert.rejects(connectSsh(target), (e: Error) => e instanceof SshConnectError && e.message.includes(keyPath) && /Put the key back/.test(e.message)));
        } finally {
            renameSync(moved, keyPath);
        }
    });

    scenario({ area: 'Bad input', kind: 'emulator+dockerd', name: 'A local key the VM does not accept', fault: 'The key at the host\'s key path is another key than the VM was created with', expected: 'The message names the key and the user and says how to reset the VM\'s key; nothing in Azure changes' }, async () => {
        const otherKey = `${keyPath}.other`;
        writeFileSync(otherKey, generateEd25519KeyPair('not-the-vm').privateKey, { mode: 0o600 });
        await unchanged(() => assert.rejects(connectSsh({ ...target, privateKeyPath: otherKey }),
            (e: Error) => e instanceof SshConnectError && e.message.includes(`refused the SSH key ${otherKey} for user azureuser`) && /Reset SSH public key/.test(e.message)));
        (await connectSsh(target)).end();
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'A host key that does not match the pinned one', fault: 'The pinned host key is another key than the VM presents', expected: 'Refused before login, naming both fingerprints; OpenSSH with the same pinned file refuses too; nothing in Azure changes' }, async () => {
        const other = generateEd25519KeyPair('impostor').publicKey.split(' ');
        const wrong = [{ type: other[0], key: other[1] }];
        const presented = target.pinned.find((k) => k.type === 'ssh-ed25519')!;
        await unchanged(async () => {
            const error = await connectSsh({ ...target, pinned: wrong }).then(() => undefined, (e: unknown) => e);
            assert.ok(error instanceof HostKeyMismatchError, String(error));
            assert.ok(error.message.includes(fingerprint(Buffer.from(wrong[0].key, 'base64'))), error.message);
            assert.ok(error.message.includes(fingerprint(Buffer.from(presented.key, 'base64'))), error.message);
            const dir = mkdtempSync('/tmp/adh-wrongpin-');
            await pinHostKeys(dir, wrong);
            await assert.rejects(promisify(execFile)('ssh', ['-i', keyPath, ...pinnedSshOptions(dir), '-o', 'BatchMode=yes', '-F', '/dev/null', `azureuser@${target.address}`, 'true'],
                { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: world.storageRoot } }), /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/);
        });
    });

    scenario({ area: 'Engine faults', kind: 'emulator+dockerd', name: 'sshd not answering', fault: 'The VM\'s sshd is stopped', expected: 'The message names the host and address and says to check the VM and port 22 in its NSG; once sshd runs again, a connection works' }, async () => {
        const vm = world.engines.all()[0];
        await vm.sshd!.stop();
        try {
            await unchanged(() => assert.rejects(connectSsh({ ...target, readyTimeoutMs: 5000 }), (e: Error) => e instanceof SshConnectError && /sshd on sshr .* is not answering/.test(e.message) && /port 22/.test(e.message)));
        } finally {
            await world.engines.restartSshd(vm.id);
        }
        (await connectSsh(target)).end();
    });
});
