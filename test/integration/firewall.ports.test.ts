/**
 * Open Port, Close Port and Update Firewall against the emulator, whose VM edge lets a connection
 * through only when the NSG allows the caller's public IP, with a real dockerd and a real HTTP server
 * in a container. Each check is what a user would see: a TCP connection that fails or carries HTTP.
 */
import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import * as net from 'node:net';
import { createArmClients } from '../../src/azure/armClients';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { applyFirewallUpdate, closePort, openPort, planFirewallUpdate, readHostFirewall } from '../../src/azure/firewall/hostFirewall';
import { planOpenPort, portState } from '../../src/azure/firewall/portRules';
import type { SecurityRule } from '@azure/arm-network';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { startCreateWorld, type CreateWorld } from './createWorld';

/** Sends an HTTP request to ip:port and resolves with the status line, or rejects as the connection fails. */
function httpStatus(ip: string, port: number): Promise<string> {
    return new Promise((resolve, reject) => {
        const socket = net.connect({ host: ip, port });
        let text = '';
        socket.setTimeout(5000, () => socket.destroy(new Error('timed out')));
        socket.on('connect', () => socket.write('GET /passwd HTTP/1.0\r\n\r\n'));
        socket.on('data', (b: Buffer) => (text += b.toString()));
        socket.on('end', () => (text ? resolve(text.split('\r\n')[0]) : reject(new Error('closed without an answer'))));
        socket.on('error', reject);
    });
}

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

    it('refuses bad input with a clear message and changes nothing', async () => {
        const unchanged = await rulesOf();
        const me = { kind: 'cidr' as const, prefix: `${world.emulator.callerPublicIp}/32` };
        await assert.rejects(openPort(deps, vmId, { port: 70000, protocol: 'tcp', source: me }), /outside 1–65535\. Nothing was changed/);
        await assert.rejects(openPort(deps, vmId, { port: 0, protocol: 'tcp', source: me }), /outside 1–65535/);
        await assert.rejects(openPort(deps, vmId, { port: 2376, protocol: 'tcp', source: me }), /already open to .*allow-docker-tls/);
        await assert.rejects(openPort(deps, vmId, { port: 9000, protocol: 'tcp', source: { kind: 'any' } }), /explicit confirmation/);
        assert.deepEqual(await rulesOf(), unchanged);
    });

    it('refuses a port already opened, and never touches a same-named rule it did not make', async () => {
        const me = { kind: 'cidr' as const, prefix: `${world.emulator.callerPublicIp}/32` };
        await openPort(deps, vmId, { port: 8443, protocol: 'udp', source: me });
        await assert.rejects(openPort(deps, vmId, { port: 8443, protocol: 'udp', source: me }), /already open/);
        // The user's own rule under the name the extension would use: not opened, not closed by it.
        const nsg = (await readHostFirewall(deps, vmId)).find((n) => n.owned)!;
        await deps.clients.network.securityRules.createOrUpdate(nsg.resourceGroup, nsg.name, 'adh-port-9090-tcp', {
            protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '9090', sourceAddressPrefix: '192.0.2.0/24', destinationAddressPrefix: '*', access: 'Allow', priority: 3000, direction: 'Inbound',
        }, { updateIntervalInMs: 10 });
        const unchanged = await rulesOf();
        await assert.rejects(openPort(deps, vmId, { port: 9090, protocol: 'tcp', source: me }), /did not make/);
        await assert.rejects(closePort(deps, vmId, 9090, 'tcp'), /not the extension's/);
        await assert.rejects(closePort(deps, vmId, 22, 'tcp'), /no rule that Azure Docker Hosts opened/);
        assert.deepEqual(await rulesOf(), unchanged);
        await closePort(deps, vmId, 8443, 'udp');
        assert.ok(!(await rulesOf()).some((r) => r.startsWith('adh-port-8443-udp')));
        assert.ok((await rulesOf()).some((r) => r.startsWith('adh-port-9090-tcp:3000:192.0.2.0/24')));
    });

    it('picks a priority no rule uses, and a clash Azure reports meanwhile is a clear error', async () => {
        const me = { kind: 'cidr' as const, prefix: `${world.emulator.callerPublicIp}/32` };
        const rule = await openPort(deps, vmId, { port: 5000, protocol: 'tcp', source: me });
        const priorities = (await readHostFirewall(deps, vmId)).flatMap((n) => n.rules).filter((r) => r.direction === 'Inbound').map((r) => r.priority);
        assert.equal(priorities.filter((p) => p === rule.priority).length, 1, String(priorities));
        await closePort(deps, vmId, 5000, 'tcp');
        // Someone adds a rule with the priority the extension picked between its read and its PUT: Azure refuses the PUT.
        const owned = (await readHostFirewall(deps, vmId)).find((n) => n.owned)!;
        const planned = planOpenPort(owned, { port: 5001, protocol: 'tcp', source: me }) as SecurityRule;
        const fault = world.emulator.faults.add({ method: 'PUT', path: /securityRules\/adh-port-5001-tcp$/, once: true, delayMs: 300 });
        const opening = openPort(deps, vmId, { port: 5001, protocol: 'tcp', source: me });
        while (fault.hits === 0) {
            await new Promise((r) => setTimeout(r, 10));
        }
        await deps.clients.network.securityRules.createOrUpdate(owned.resourceGroup, owned.name, 'someone-elses', {
            protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '6000', sourceAddressPrefix: '192.0.2.1', destinationAddressPrefix: '*', access: 'Allow', priority: planned.priority, direction: 'Inbound',
        }, { updateIntervalInMs: 10 });
        const unchanged = await rulesOf();
        await assert.rejects(opening, /same Priority[\s\S]*refresh and try again/);
        assert.deepEqual(await rulesOf(), unchanged, 'nothing of the extension\'s was added, and the other rule stays');
        // Tried again, it picks another free priority.
        const again = await openPort(deps, vmId, { port: 5001, protocol: 'tcp', source: me });
        assert.notEqual(again.priority, planned.priority);
        await closePort(deps, vmId, 5001, 'tcp');
    });

    it('says so when the NSG is not the extension\'s, and writes nothing to it', async () => {
        const nsg = (await readHostFirewall(deps, vmId)).find((n) => n.owned)!;
        const record = world.emulator.state.get(nsg.id)!;
        const tags = { ...record.tags };
        record.tags = { owner: 'someone-else' };
        try {
            const unchanged = await rulesOf();
            const me = { kind: 'cidr' as const, prefix: `${world.emulator.callerPublicIp}/32` };
            await assert.rejects(openPort(deps, vmId, { port: 7000, protocol: 'tcp', source: me }), /was not created by Azure Docker Hosts/);
            await assert.rejects(planFirewallUpdate(deps, vmId, '198.51.100.9/32'), /was not created by Azure Docker Hosts/);
            assert.deepEqual(await rulesOf(), unchanged);
        } finally {
            record.tags = tags;
        }
    });
});
