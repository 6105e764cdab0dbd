import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { readHostRecord } from '../../src/host/hostFiles';
import { parseSetupScript } from '../emulator/setupExtension';
import { createCa, issueClientCert } from '../../src/tls/certificates';
import { readClientMaterial } from '../../src/tls/storage';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Create Docker Host against the emulator with a real engine', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let outcome: Awaited<ReturnType<typeof createDockerHost>>;

    before(async () => {
        world = await startCreateWorld();
        outcome = await createDockerHost({ plan: world.plan('dock1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
    });
    after(() => world?.stop());

    it('succeeds, and the engine answers over TLS with only the files the extension saved (dockerode)', async () => {
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        const tls = await readClientMaterial(outcome.dir);
        const docker = new Docker({ protocol: 'https', host: outcome.host.address.ipAddress, port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key });
        const version = await docker.version();
        assert.match(version.Version, /^\d+\.\d+/);
        // The engine runs with what the setup script wrote: container logs rotate.
        const info = await docker.info() as { LoggingDriver: string; LiveRestoreEnabled: boolean };
        assert.equal(info.LoggingDriver, 'local');
        // A single host keeps its containers running while dockerd restarts (swarm nodes cannot).
        assert.equal(info.LiveRestoreEnabled, true);
    });

    it('works with the real docker CLI and the saved files', async () => {
        assert.ok(outcome.ok);
        // Not execFileSync: the emulator's VM edge, which carries the CLI's connection, runs in this process.
        const { stdout: out } = await promisify(execFile)('docker', ['--tlsverify', '--tlscacert', join(outcome.dir, 'ca.pem'), '--tlscert', join(outcome.dir, 'cert.pem'), '--tlskey', join(outcome.dir, 'key.pem'), '-H', `tcp://${outcome.host.address.ipAddress}:2376`, 'version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: world.storageRoot } });
        assert.match(out.trim(), /^\d+\.\d+/);
    });

    it('issues certificates openssl verifies for their purposes, the server one with the FQDN and IP SANs', () => {
        assert.ok(outcome.ok);
        const extension = world.emulator.state.get(`${outcome.host.vmId}/extensions/docker-tls-setup`);
        const setup = parseSetupScript(extension?.protectedSettings);
        const serverCert = join(world.storageRoot, 'server-cert.pem');
        writeFileSync(serverCert, setup.serverCertPem);
        const ca = join(outcome.dir, 'ca.pem');
        assert.match(execFileSync('openssl', ['verify', '-CAfile', ca, '-purpose', 'sslserver', serverCert], { encoding: 'utf8' }), /OK/);
        assert.match(execFileSync('openssl', ['verify', '-CAfile', ca, '-purpose', 'sslclient', join(outcome.dir, 'cert.pem')], { encoding: 'utf8' }), /OK/);
        const text = execFileSync('openssl', ['x509', '-in', serverCert, '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' });
        assert.ok(text.includes(`DNS:${outcome.host.address.fqdn}`), text);
        assert.ok(text.includes(`IP Address:${outcome.host.address.ipAddress}`), text);
        assert.equal(outcome.host.address.fqdn, 'dock1.eastus.cloudapp.azure.com');
    });

    it('keeps private keys 0600 in a 0700 folder, and puts no secret in customData or tags', () => {
        assert.ok(outcome.ok);
        assert.equal(statSync(outcome.dir).mode & 0o777, 0o700);
        assert.equal(statSync(join(outcome.dir, 'key.pem')).mode & 0o777, 0o600);
        assert.deepEqual(readdirSync(outcome.dir).sort(), ['ca.pem', 'cert.pem', 'host.json', 'key.pem', 'server-cert.pem']);
        const vm = world.emulator.state.get(outcome.host.vmId);
        const customData = Buffer.from(vm?.customData ?? '', 'base64').toString('utf8');
        assert.match(customData, /^#cloud-config/);
        assert.doesNotMatch(customData, /PRIVATE KEY/);
        for (const item of world.emulator.inventory()) {
            assert.doesNotMatch(JSON.stringify(item.tags), /PRIVATE KEY/);
        }
    });

    it('tags every resource it created, and the VM as a Docker host', async () => {
        assert.ok(outcome.ok);
        // Subnets and security rules are parts of their parent, which carries the tags; the OS disk is made
        // by Azure from the VM (as in Azure, untagged) and goes with it through deleteOption.
        const inGroup = world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/dock1-rg'));
        assert.ok(inGroup.some((i) => /disks$/i.test(i.type) && /dock1-osdisk$/i.test(i.id)));
        const created = inGroup.filter((i) => !/\/(subnets|securityRules)$/i.test(i.type) && !/disks$/i.test(i.type));
        assert.ok(created.length >= 6, JSON.stringify(created.map((c) => c.type)));
        for (const item of created) {
            assert.equal(item.tags['azure-docker-hosts:managed'], 'true', item.id);
            assert.equal(item.tags['azure-docker-hosts:provisioning'], 'run-dock1', item.id);
        }
        assert.equal(created.find((i) => /virtualMachines$/i.test(i.type))?.tags['azure-docker-hosts:docker'], 'tls:2376');
        assert.deepEqual(await readHostRecord(outcome.dir), { provisioningId: 'run-dock1', adminUser: 'azureuser', createdResourceGroup: true, tlsPort: 2376 });
    });

    it('opens exactly ports 22 and 2376, from the chosen source', () => {
        assert.ok(outcome.ok);
        const rules = world.emulator
            .inventory()
            .filter((i) => /securityRules$/i.test(i.type) && /dock1-nsg\//i.test(i.id))
            .map((i) => world.emulator.state.get(i.id)?.properties as { destinationPortRange: string; sourceAddressPrefix: string; access: string })
            .map((r) => `${r.access} ${r.destinationPortRange} from ${r.sourceAddressPrefix}`)
            .sort();
        assert.deepEqual(rules, ['Allow 22 from 203.0.113.7/32', 'Allow 2376 from 203.0.113.7/32']);
    });

    it('has an engine that refuses a client without a certificate and one from another CA', async () => {
        assert.ok(outcome.ok);
        const tls = await readClientMaterial(outcome.dir);
        const bare = new Docker({ protocol: 'https', host: outcome.host.address.ipAddress, port: 2376, ca: tls.ca, timeout: 5000 });
        await assert.rejects(bare.ping());
        const otherCa = await createCa('someone else');
        const stranger = await issueClientCert(otherCa, { commonName: 'stranger' });
        const foreign = new Docker({ protocol: 'https', host: outcome.host.address.ipAddress, port: 2376, ca: tls.ca, cert: stranger.certPem, key: stranger.keyPem, timeout: 5000 });
        await assert.rejects(foreign.ping());
    });
});
