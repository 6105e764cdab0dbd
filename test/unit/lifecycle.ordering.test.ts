import * as assert from 'node:assert/strict';
import type { SecurityRule } from '@azure/arm-network';
import { runInDependencyOrder } from '../../src/azure/lifecycle/dependencyOrder';
import { adoptedRuleNames, denyRulesOverridden, planDockerRules } from '../../src/azure/lifecycle/dockerNsgRules';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Deleting in dependency order', () => {
    // What each resource is used by, as a host's resources are: VM <- NIC, disk; NIC <- PIP, NSG, VNet.
    const usedBy: Record<string, string[]> = { vm: [], disk: ['vm'], nic: ['vm'], pip: ['nic'], nsg: ['nic'], vnet: ['nic'] };

    it('deletes each resource after those that use it, and independent ones at once', async () => {
        const log: string[] = [];
        let running = 0;
        let maxParallel = 0;
        const errors = await runInDependencyOrder(Object.keys(usedBy), (k) => usedBy[k], async (k) => {
            log.push(`start ${k}`);
            running++;
            maxParallel = Math.max(maxParallel, running);
            await tick();
            running--;
            log.push(`end ${k}`);
        });
        assert.equal(errors.size, 0);
        const at = (e: string) => log.indexOf(e);
        for (const [first, then] of [['vm', 'disk'], ['vm', 'nic'], ['nic', 'pip'], ['nic', 'nsg'], ['nic', 'vnet']]) {
            assert.ok(at(`end ${first}`) < at(`start ${then}`), `${then} started before ${first} ended: ${log.join(', ')}`);
        }
        assert.equal(maxParallel, 3, 'PIP, NSG and VNet did not run in parallel');
    });

    it('collects every failure, and still attempts what depends on a failed delete', async () => {
        const attempted: string[] = [];
        const errors = await runInDependencyOrder(Object.keys(usedBy), (k) => usedBy[k], async (k) => {
            attempted.push(k);
            if (k === 'vm' || k === 'pip') {
                throw new Error(`cannot delete ${k}`);
            }
        });
        assert.deepEqual([...errors.keys()].sort(), ['pip', 'vm']);
        assert.deepEqual(attempted.sort(), ['disk', 'nic', 'nsg', 'pip', 'vm', 'vnet']);
    });

    it('ignores prerequisites outside the selection, and does not deadlock on a cycle', async () => {
        const done: string[] = [];
        const errors = await runInDependencyOrder(['a', 'b'], (k) => (k === 'a' ? ['b', 'not-selected'] : ['a']), async (k) => void done.push(k));
        assert.equal(errors.size, 0);
        assert.deepEqual(done.sort(), ['a', 'b']);
    });
});

describe('NSG rules for an adopted VM', () => {
    const rule = (name: string, priority: number, access: 'Allow' | 'Deny' = 'Allow', direction: 'Inbound' | 'Outbound' = 'Inbound'): SecurityRule => ({ name, priority, access, direction });

    it('opens 22 and the TLS port from the chosen source, at 1000 and up', () => {
        const rules = planDockerRules([], { port: 2376, source: { kind: 'cidr', prefix: '203.0.113.7/32' }, destination: '*' });
        assert.deepEqual(rules.map((r) => [r.name, r.destinationPortRange, r.sourceAddressPrefix, r.destinationAddressPrefix, r.access, r.direction, r.protocol, r.priority]), [
            [adoptedRuleNames.ssh, '22', '203.0.113.7/32', '*', 'Allow', 'Inbound', 'Tcp', 1000],
            [adoptedRuleNames.docker, '2376', '203.0.113.7/32', '*', 'Allow', 'Inbound', 'Tcp', 1001],
        ]);
        assert.equal(planDockerRules([], { port: 2376, source: { kind: 'any', confirmed: true }, destination: '10.0.0.4' })[1].sourceAddressPrefix, '*');
    });

    it('skips priorities in use by inbound rules only', () => {
        const rules = planDockerRules([rule('a', 1000), rule('b', 1001, 'Allow', 'Outbound'), rule('c', 1002)], { port: 2376, source: { kind: 'any', confirmed: true }, destination: '*' });
        assert.deepEqual(rules.map((r) => r.priority), [1001, 1003]);
    });

    it('goes below an inbound Deny rule so the allow rules win', () => {
        const rules = planDockerRules([rule('deny-all', 500, 'Deny'), rule('x', 499)], { port: 2376, source: { kind: 'any', confirmed: true }, destination: '*' });
        assert.deepEqual(rules.map((r) => r.priority), [497, 498]);
    });

    it('reuses the priorities of its own earlier rules, and fails with a fix when none is free', () => {
        const own = planDockerRules([rule(adoptedRuleNames.ssh, 1000), rule(adoptedRuleNames.docker, 1001)], { port: 2376, source: { kind: 'any', confirmed: true }, destination: '*' });
        assert.deepEqual(own.map((r) => r.priority), [1000, 1001]);
        const full = Array.from({ length: 4096 - 99 }, (_, i) => rule(`r${i}`, 100 + i));
        assert.throws(() => planDockerRules(full, { port: 2376, source: { kind: 'any', confirmed: true }, destination: '*' }), /no free inbound rule priority.*Remove an unused rule/);
    });
});

describe('Deny rules an adopted VM\'s allow rules would be placed above', () => {
    const nsgId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web-nsg';
    const deny = (name: string, priority: number, ports: Partial<SecurityRule>, protocol = 'Tcp'): SecurityRule =>
        ({ name, priority, access: 'Deny', direction: 'Inbound', protocol, sourceAddressPrefix: 'Internet', ...ports });
    const found = (rules: SecurityRule[]) => denyRulesOverridden(nsgId, rules, { port: 2376 }).map((d) => `${d.name}:${d.port}`);

    it('lists inbound TCP Deny rules on 22 or the TLS port (single, range, list or *) that win over priority 1000', () => {
        assert.deepEqual(found([
            deny('ssh', 300, { destinationPortRange: '22' }),
            deny('range', 400, { destinationPortRange: '2000-2400' }),
            deny('list', 500, { destinationPortRanges: ['80', '2376'] }),
            deny('all', 600, { destinationPortRange: '*' }, '*'),
        ]), ['ssh:22', 'all:22', 'range:2376', 'list:2376', 'all:2376']);
    });

    it('leaves out other ports, UDP, Allow and outbound rules', () => {
        assert.deepEqual(found([
            deny('web', 200, { destinationPortRange: '80' }),
            deny('udp', 200, { destinationPortRange: '22' }, 'Udp'),
            { ...deny('allowed', 200, { destinationPortRange: '22' }), access: 'Allow' },
            { ...deny('out', 200, { destinationPortRange: '22' }), direction: 'Outbound' },
        ]), []);
    });

    it('also lists a Deny numbered after our allow rules, which they would silently override', () => {
        const late = denyRulesOverridden(nsgId, [deny('late', 4000, { destinationPortRange: '22' })], { port: 2376 });
        assert.deepEqual(late.map((d) => ({ name: d.name, port: d.port, ourPriority: d.ourPriority, overridden: d.overridden })), [{ name: 'late', port: 22, ourPriority: 1000, overridden: true }]);
    });

    it('says when a Deny would still win because no priority above it is free', () => {
        const first = denyRulesOverridden(nsgId, [deny('first', 100, { destinationPortRange: '*' }, '*')], { port: 2376 });
        assert.deepEqual(first.map((d) => `${d.name}:${d.port}:${d.ourPriority}:${d.overridden}`), ['first:22:1000:false', 'first:2376:1001:false']);
    });
});
