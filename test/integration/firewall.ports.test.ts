/**
 * Open Port, Close Port and Update Firewall against the emulator, whose VM edge lets a connection
 * through only when the NSG allows the caller's public IP, with a real dockerd and a real HTTP server
 * in a container. Each check is what a user would see: a TCP connection that fails or carries HTTP.
 */
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { applyFirewallUpdate, closePort, openPort, planFirewallUpdate, readHostFirewall } from '../../src/azure/firewall/hostFirewall';
import { portState } from '../../src/azure/firewall/portRules';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { httpStatusLine as httpStatus } from '../harness/httpProbe';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('Ports and the firewall: a real connection through the emulated NSG', function () {
    this.timeout(180_000);
    let world: CreateWorld;
    let deps: LifecycleDeps;
    let vmId: string;
    let ip: string;
    let docker: Docker;
    let tls: Awaited<ReturnType<typeof readClientMaterial>>;
    /** A ping over a new connection: an NSG judges a connection when it opens, so a pooled one would not show a change. */
    const freshPing = () => {
        // docker-modem takes an agent; its types do not say so.
        const options = { protocol: 'https' as const, host: ip, port: 2376, ...tls, agent: new https.Agent({ keepAlive: false, ...tls }) };
        return new Docker(options).ping();
    };
    const rulesOf = async () => (await readHostFirewall(deps, vmId)).flatMap((n) => n.rules.map((r) => `${r.name}:${r.priority}:${r.sourceAddressPrefix}`)).sort();

    before(async () => {
        world = await startCreateWorld();
        const outcome = await createDockerHost({ plan: world.plan('portal1'), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        vmId = outcome.host.vmId;
        ip = outcome.host.address.ipAddress;
        deps = { clients: await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId), cloud: world.cloud, pollIntervalMs: 10 };
        tls = await readClientMaterial(outcome.dir);
        docker = new Docker({ protocol: 'https', host: ip, port: 2376, ...tls });
        const web = await docker.createContainer({
            name: 'web', Image: TEST_IMAGE, Cmd: ['httpd', '-f', '-p', '80', '-h', '/etc'],
            HostConfig: { NetworkMode: 'none', PortBindings: { '80/tcp': [{ HostPort: '8080' }] } },
        });
        await web.start();
        await world.engines.vm(vmId)!.edge.whenServing(8080);
    });
    after(() => world?.stop());

    it('blocks a published port until Open Port, then carries HTTP to it; Close Port blocks it again', async () => {
        await assert.rejects(httpStatus(ip, 8080), /ECONNRESET|closed/);
        let nsgs = await readHostFirewall(deps, vmId);
        assert.equal(portState(nsgs, world.emulator.callerPublicIp, 8080, 'tcp'), 'blocked');

        const rule = await openPort(deps, vmId, { port: 8080, protocol: 'tcp', source: { kind: 'cidr', prefix: `${world.emulator.callerPublicIp}/32` } });
        assert.equal(rule.name, 'adh-port-8080-tcp');
        assert.match(await httpStatus(ip, 8080), /^HTTP\/1\.[01] 200/);
        nsgs = await readHostFirewall(deps, vmId);
        assert.equal(portState(nsgs, world.emulator.callerPublicIp, 8080, 'tcp'), 'open');
        assert.equal(portState(nsgs, '198.51.100.1', 8080, 'tcp'), 'blocked', 'open to the user only, not to another address');

        await closePort(deps, vmId, 8080, 'tcp');
        await assert.rejects(httpStatus(ip, 8080), /ECONNRESET|closed/);
        assert.ok(!(await rulesOf()).some((r) => r.startsWith('adh-port-8080-tcp')));
    });

    it('after the user\'s IP changes the engine is unreachable; Update Firewall shows the change and restores it', async () => {
        const before = world.emulator.callerPublicIp;
        await openPort(deps, vmId, { port: 8080, protocol: 'tcp', source: { kind: 'cidr', prefix: `${before}/32` } });
        world.emulator.callerPublicIp = '198.51.100.23';
        try {
            await assert.rejects(freshPing(), /ECONNRESET|socket hang up/);
            await assert.rejects(httpStatus(ip, 8080), /ECONNRESET|closed/);
            const changes = await planFirewallUpdate(deps, vmId, '198.51.100.23/32');
            assert.deepEqual(changes.map((c) => `${c.rule.name}: ${c.from} → ${c.to}`).sort(), [
                `adh-port-8080-tcp: ${before}/32 → 198.51.100.23/32`,
                `allow-docker-tls: ${before}/32 → 198.51.100.23/32`,
                `allow-ssh: ${before}/32 → 198.51.100.23/32`,
            ]);
            await applyFirewallUpdate(deps, changes);
            assert.equal(String(await freshPing()), 'OK');
            assert.match(await httpStatus(ip, 8080), /^HTTP\/1\.[01] 200/);
            assert.deepEqual(await planFirewallUpdate(deps, vmId, '198.51.100.23/32'), [], 'nothing left to change');
        } finally {
            world.emulator.callerPublicIp = before;
            await applyFirewallUpdate(deps, await planFirewallUpdate(deps, vmId, `${before}/32`));
            await closePort(deps, vmId, 8080, 'tcp');
        }
    });
});
