import type { SecurityRule } from '@azure/arm-network';
import * as assert from 'node:assert/strict';
import { lookupPublicIp } from '../../src/azure/create/publicIpLookup';
import { closePort, openPort, planFirewallUpdate, readHostFirewall } from '../../src/azure/firewall/hostFirewall';
import { currentIpSource, planOpenPort } from '../../src/azure/firewall/portRules';
import type { LifecycleDeps } from '../../src/azure/lifecycle/lifecycleDeps';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

describe('Ports and the firewall: bad input', () => {
    let world: ReliabilityWorld;
    let deps: LifecycleDeps;
    let vmId: string;
    let group: string;
    const me = () => ({ kind: 'cidr' as const, prefix: `${world.emulator.callerPublicIp}/32` });
    const ownedNsg = async () => (await readHostFirewall(deps, vmId)).find((n) => n.owned)!;
    /** A rule of the user's own in the host's NSG, written straight to Azure. */
    const userRule = async (name: string, priority: number) => {
        const nsg = await ownedNsg();
        await deps.clients.network.securityRules.createOrUpdate(nsg.resourceGroup, nsg.name, name, {
            protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '9090', sourceAddressPrefix: '192.0.2.0/24', destinationAddressPrefix: '*', access: 'Allow', priority, direction: 'Inbound',
        }, { updateIntervalInMs: 10 });
    };

    before(async function () {
        this.timeout(120_000);
        world = await startReliabilityWorld();
        const outcome = await world.create('ports1');
        assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.error));
        vmId = outcome.host.vmId;
        group = vmId.replace(/\/providers\/.*$/, '');
        deps = { clients: await world.clients(), cloud: world.cloud, pollIntervalMs: 10 };
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    scenario({ area: 'Bad input', kind: 'emulator', name: 'Open Port on a port outside 1–65535', fault: 'Open Port for 0, 65536 and 70000', expected: 'Refused, naming the range; the NSG is unchanged' }, async () => {
        const baseline = world.inventory(group);
        for (const port of [0, 65536, 70000]) {
            await assert.rejects(openPort(deps, vmId, { port, protocol: 'tcp', source: me() }), /outside 1–65535\. Nothing was changed/);
        }
        assertInventory(world.inventory(group), baseline, 'Azure after the refused Open Port');
    });

    scenario({ area: 'Bad input', kind: 'emulator', name: 'Open Port on a port already open', fault: 'Open Port for the Docker TLS port (open from the create), and twice for 8443/udp', expected: 'Refused, naming the rule that opens it; nothing is added' }, async () => {
        await assert.rejects(openPort(deps, vmId, { port: 2376, protocol: 'tcp', source: me() }), /already open to .*\(rule allow-docker-tls\)/);
        await openPort(deps, vmId, { port: 8443, protocol: 'udp', source: me() });
        const baseline = world.inventory(group);
        await assert.rejects(openPort(deps, vmId, { port: 8443, protocol: 'udp', source: me() }), /already open/);
        assertInventory(world.inventory(group), baseline, 'Azure after the refused Open Port');
        await closePort(deps, vmId, 8443, 'udp');
    });

    scenario({ area: 'Bad input', kind: 'emulator', name: 'A rule of that name that the extension did not make', fault: 'The user made a rule named adh-port-9090-tcp; Open Port and Close Port on 9090/tcp, Close Port on 22/tcp', expected: 'Each refused with the reason; the user\'s rule and the create\'s SSH rule stay as they were' }, async () => {
        await userRule('adh-port-9090-tcp', 3000);
        const baseline = world.inventory(group);
        await assert.rejects(openPort(deps, vmId, { port: 9090, protocol: 'tcp', source: me() }), /already has a rule named adh-port-9090-tcp that Azure Docker Hosts did not make/);
        await assert.rejects(closePort(deps, vmId, 9090, 'tcp'), /not the extension's/);
        await assert.rejects(closePort(deps, vmId, 22, 'tcp'), /no rule that Azure Docker Hosts opened/);
        assertInventory(world.inventory(group), baseline, 'Azure after the refused commands');
    });

    scenario({ area: 'Bad input', kind: 'emulator', name: 'A priority taken between the read and the write', fault: 'Another rule takes the priority Open Port picked while its PUT is on the way', expected: 'Azure refuses the PUT (SecurityRuleConflict); the error says to refresh and try again, nothing of the extension\'s is added, and a retry picks a free priority' }, async () => {
        const planned = planOpenPort(await ownedNsg(), { port: 5001, protocol: 'tcp', source: me() }) as SecurityRule;
        const fault = world.emulator.faults.add({ method: 'PUT', path: /securityRules\/adh-port-5001-tcp$/, once: true, delayMs: 300 });
        const opening = openPort(deps, vmId, { port: 5001, protocol: 'tcp', source: me() });
        while (fault.hits === 0) {
            await new Promise((r) => setTimeout(r, 10));
        }
        await userRule('someone-elses', planned.priority!);
        const baseline = world.inventory(group);
        await assert.rejects(opening, /same Priority[\s\S]*refresh and try again/);
        assertInventory(world.inventory(group), baseline, 'Azure after the refused PUT');
        const again = await openPort(deps, vmId, { port: 5001, protocol: 'tcp', source: me() });
        assert.notEqual(again.priority, planned.priority);
        await closePort(deps, vmId, 5001, 'tcp');
    });

    scenario({ area: 'Security', kind: 'emulator', name: 'Ports on an NSG the extension did not create', fault: 'The host\'s NSG no longer carries the VM\'s run tag; Open Port and Update Firewall', expected: 'Both refused, naming the NSG and saying to use the portal; nothing is written to it' }, async () => {
        const record = world.emulator.state.get((await ownedNsg()).id)!;
        const tags = { ...record.tags };
        record.tags = { owner: 'someone-else' };
        try {
            const baseline = world.inventory(group);
            await assert.rejects(openPort(deps, vmId, { port: 7000, protocol: 'tcp', source: me() }), /\(ports1-nsg\) was not created by Azure Docker Hosts[\s\S]*Azure portal/);
            await assert.rejects(planFirewallUpdate(deps, vmId, '198.51.100.9/32'), /was not created by Azure Docker Hosts/);
            assertInventory(world.inventory(group), baseline, 'Azure after the refused commands');
        } finally {
            record.tags = tags;
        }
    });

    scenario({ area: 'Bad input', kind: 'emulator', name: 'The public IP lookup fails', fault: 'The lookup service answers 503 when Open Port or Update Firewall asks for the current IP', expected: 'No address: Update Firewall and Open Port for My IP stop with a message naming the lookup setting; nothing changes' }, async () => {
        const baseline = world.inventory(group);
        world.emulator.publicIpLookupDown = true;
        try {
            const ip = await lookupPublicIp(`${world.emulator.url}/emulator/public-ip`);
            assert.equal(ip, undefined);
            assert.throws(() => currentIpSource(ip), /could not be found \(azureDockerHosts\.publicIpLookupUrl[\s\S]*Nothing was changed/);
        } finally {
            world.emulator.publicIpLookupDown = false;
        }
        assertInventory(world.inventory(group), baseline, 'Azure after the failed lookup');
    });
});
