import * as assert from 'node:assert/strict';
import type { SecurityRule } from '@azure/arm-network';
import {
    isOpenTo, openPortsSummary, parsePort, planOpenPort, planSourceUpdate, portState, rulesFromAnotherIp, type FirewallNsg,
} from '../../src/azure/firewall/portRules';

const allow = (name: string, port: string, source: string, priority: number, extra: Partial<SecurityRule> = {}): SecurityRule =>
    ({ name, protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: port, sourceAddressPrefix: source, destinationAddressPrefix: '*', access: 'Allow', priority, direction: 'Inbound', ...extra });
const nsg = (rules: SecurityRule[], owned = true): FirewallNsg => ({ id: '/x/nsg', name: 'h-nsg', resourceGroup: 'rg', owned, rules });
const created = () => nsg([allow('allow-ssh', '22', '203.0.113.7/32', 1000), allow('allow-docker-tls', '2376', '203.0.113.7/32', 1010)]);
const me = { kind: 'cidr' as const, prefix: '203.0.113.7/32' };

describe('firewall/portRules', () => {
    it('reads a port as open only where the first matching rule by priority allows that address, in every NSG of the path', () => {
        const nsgs = [created()];
        assert.equal(portState(nsgs, '203.0.113.7', 2376, 'tcp'), 'open');
        assert.equal(portState(nsgs, '203.0.113.8', 2376, 'tcp'), 'blocked');
        assert.equal(portState(nsgs, '203.0.113.7', 2376, 'udp'), 'blocked', 'a TCP rule does not open UDP');
        assert.equal(portState(nsgs, '203.0.113.7', 8080, 'tcp'), 'blocked', 'the default DenyAllInBound');
        assert.equal(portState(nsgs, undefined, 2376, 'tcp'), 'blocked', 'an unknown IP is never reported as open');
        const deny = nsg([{ ...allow('no', '*', '*', 900), access: 'Deny' }, allow('allow-docker-tls', '2376', '203.0.113.7/32', 1010)]);
        assert.equal(isOpenTo([deny], '203.0.113.7', 2376, 'tcp'), false, 'a Deny with a lower priority wins');
        const subnet = nsg([allow('sub', '8000-9000', 'Internet', 200)], false);
        assert.equal(isOpenTo([subnet, created()], '203.0.113.7', 8080, 'tcp'), false, 'the NIC\'s NSG must allow it too');
        assert.equal(isOpenTo([], '203.0.113.7', 22, 'tcp'), false, 'no NSG: a Standard public IP is closed');
        assert.equal(portState(nsgs, '203.0.113.7', 2376, 'tcp', { forwarded: (p) => p === 2376 }), 'forwarded');
    });

    it('plans an Open Port rule named and marked as the extension\'s, with a priority no rule uses, below the first Deny', () => {
        const rule = planOpenPort(nsg([...created().rules, { ...allow('theirs', '80', '*', 1020) }, { ...allow('deny', '*', '*', 1030), access: 'Deny' }]), { port: 8080, protocol: 'udp', source: me });
        assert.ok(typeof rule !== 'string', String(rule));
        assert.equal(rule.name, 'adh-port-8080-udp');
        assert.equal(rule.protocol, 'Udp');
        assert.equal(rule.sourceAddressPrefix, '203.0.113.7/32');
        assert.match(rule.description ?? '', /azure-docker-hosts:opened-port/);
        assert.equal(rule.priority, 1001);
    });

    it('refuses a port outside 1–65535, a port already open to that source, a same-named rule of someone else\'s, and an unconfirmed "any"', () => {
        for (const port of [0, 65536, 1.5, -1]) {
            assert.match(String(planOpenPort(created(), { port, protocol: 'tcp', source: me })), /outside 1–65535/);
        }
        assert.equal(parsePort('65535'), 65535);
        for (const text of ['0', '65536', 'http', '80.5', '']) {
            assert.match(String(parsePort(text)), /1 to 65535/, text);
        }
        assert.match(String(planOpenPort(created(), { port: 22, protocol: 'tcp', source: me })), /already open to 203\.0\.113\.7\/32 \(rule allow-ssh\)/);
        const theirs = nsg([...created().rules, allow('adh-port-9090-tcp', '9090', '192.0.2.0/24', 3000)]);
        assert.match(String(planOpenPort(theirs, { port: 9090, protocol: 'tcp', source: me })), /did not make/);
        assert.throws(() => planOpenPort(created(), { port: 9090, protocol: 'tcp', source: { kind: 'any' } }), /explicit confirmation/);
        const any = planOpenPort(created(), { port: 9090, protocol: 'tcp', source: { kind: 'any', confirmed: true } });
        assert.equal(typeof any !== 'string' && any.sourceAddressPrefix, '*');
    });

    it('moves only the extension\'s rules in NSGs it owns to the new source, and lists the open ports', () => {
        const opened = planOpenPort(created(), { port: 8080, protocol: 'tcp', source: me }) as SecurityRule;
        const owned = nsg([...created().rules, opened, allow('users-own', '443', '203.0.113.7/32', 2000)]);
        const foreign = { ...nsg([allow('allow-ssh', '22', '203.0.113.7/32', 1000)], false), name: 'theirs' };
        const changes = planSourceUpdate([foreign, owned], '198.51.100.4/32');
        assert.deepEqual(changes.map((c) => `${c.nsg.name}/${c.rule.name}: ${c.from} → ${c.to}`), [
            'h-nsg/allow-ssh: 203.0.113.7/32 → 198.51.100.4/32',
            'h-nsg/allow-docker-tls: 203.0.113.7/32 → 198.51.100.4/32',
            'h-nsg/adh-port-8080-tcp: 203.0.113.7/32 → 198.51.100.4/32',
        ]);
        assert.equal(rulesFromAnotherIp([owned], '198.51.100.4'), true);
        assert.equal(rulesFromAnotherIp([owned], '203.0.113.7'), false);
        assert.equal(rulesFromAnotherIp([owned], undefined), false, 'a failed lookup proves nothing');
        assert.deepEqual(openPortsSummary([owned]), ['22/tcp from 203.0.113.7/32', '2376/tcp from 203.0.113.7/32', '8080/tcp from 203.0.113.7/32']);
    });
});
