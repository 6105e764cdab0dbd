/** The emulator's pure parts: routing, faults, CIDR maths, shape comparison, state references, latency. */
import assert from 'node:assert/strict';
import { Router } from '../emulator/arm/router';
import { contains, nextFreeAddress, overlaps, parseCidr } from '../emulator/arm/cidr';
import { Faults, parseFaultSpec } from '../emulator/faults';
import { compareShape } from '../emulator/shape';
import { ArmState, parseResourceId, resourceId, types } from '../emulator/state';
import { normalizeAudience, TokenStore } from '../emulator/entra';
import { parseLatency } from '../emulator/main';
import { typicalRequestMs } from '../emulator/core';
import { rmSync } from 'node:fs';
import { AcrTokenService, acrTokenUsername } from '../emulator/acr';
import { createVmFolder, trustRegistryCa, VmDiskView } from '../emulator/vmSandbox';

describe('emulator parts', () => {
    describe('Router', () => {
        const router = new Router()
            .add('GET', '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}', () => ({ status: 200 }))
            .add('PUT', '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}', () => ({ status: 201 }));

        it('matches case-insensitively and decodes parameters', () => {
            const m = router.match('get', '/SUBSCRIPTIONS/s1/resourcegroups/my%20rg');
            assert.equal(m.kind, 'found');
            assert.deepEqual(m.kind === 'found' && m.params, { subscriptionId: 's1', resourceGroupName: 'my rg' });
        });

        it('tells a wrong method from an unknown path', () => {
            assert.deepEqual(router.match('DELETE', '/subscriptions/s1/resourceGroups/rg'), { kind: 'wrongMethod', allowed: ['GET', 'PUT'] });
            assert.deepEqual(router.match('GET', '/subscriptions/s1/resourceGroups/rg/extra'), { kind: 'none' });
        });
    });

    describe('Faults', () => {
        it('matches method and path, honours skip and times, counts hits', () => {
            const faults = new Faults();
            const h = faults.add({ method: 'put', path: /virtualMachines\/vm1$/i, status: 429, retryAfterMs: 5, skip: 1, times: 2 });
            assert.equal(faults.match('GET', '/x/virtualMachines/vm1'), undefined);
            assert.equal(faults.match('PUT', '/x/virtualMachines/vm1'), undefined, 'skipped once');
            assert.equal((faults.match('PUT', '/x/virtualMachines/vm1') as { status: number }).status, 429);
            assert.ok(faults.match('PUT', '/x/virtualMachines/vm1'));
            assert.equal(faults.match('PUT', '/x/virtualMachines/vm1'), undefined, 'retired after two');
            assert.equal(h.hits, 2);
            h.remove();
            assert.deepEqual(faults.list(), []);
        });

        it('uses the first matching rule and treats string paths as case-insensitive regexes', () => {
            const faults = new Faults();
            faults.add({ path: 'resourcegroups/a$', hang: true, once: true });
            faults.add({ path: 'resourcegroups/', status: 500 });
            assert.deepEqual(faults.match('GET', '/subscriptions/s/resourceGroups/A'), { path: 'resourcegroups/a$', hang: true, once: true });
            assert.equal((faults.match('GET', '/subscriptions/s/resourceGroups/A') as { status: number }).status, 500);
        });

        it('parses rules sent over HTTP and rejects ambiguous ones', () => {
            const spec = parseFaultSpec({ method: 'GET', path: '^/subscriptions$', status: 503, retryAfterMs: 1 });
            assert.ok(spec.path instanceof RegExp && spec.path.flags === 'i');
            assert.throws(() => parseFaultSpec({ path: 'x' }), /exactly one/);
            assert.throws(() => parseFaultSpec({ path: 'x', hang: true, reset: true }), /exactly one/);
            assert.throws(() => parseFaultSpec({ status: 500 }), /path/);
        });
    });

    describe('CIDR', () => {
        it('parses, contains, overlaps and allocates like Azure (first four and last reserved)', () => {
            const vnet = parseCidr('10.0.0.0/16');
            const a = parseCidr('10.0.1.0/24');
            const b = parseCidr('10.0.1.128/25');
            assert.ok(vnet && a && b);
            assert.equal(contains(vnet, a), true);
            assert.equal(contains(a, vnet), false);
            assert.equal(overlaps(a, b), true);
            assert.equal(overlaps(a, parseCidr('10.0.2.0/24') ?? a), false);
            assert.equal(parseCidr('10.0.0.300/24'), undefined);
            assert.equal(nextFreeAddress(a, new Set()), '10.0.1.4');
            assert.equal(nextFreeAddress(a, new Set(['10.0.1.4'])), '10.0.1.5');
            const tiny = parseCidr('10.0.0.0/29');
            assert.ok(tiny);
            assert.equal(nextFreeAddress(tiny, new Set(['10.0.0.4', '10.0.0.5', '10.0.0.6'])), undefined);
        });
    });

    describe('compareShape', () => {
        it('reports missing, extra and type differences, with paths', () => {
            const r = compareShape(
                { id: 'x', properties: { a: 1, list: [{ k: 'v' }] } },
                { id: 'x', properties: { a: '1', list: [{ k: 'v', z: true }] }, etag: 'e' },
            );
            assert.deepEqual(r.problems.sort(), ['extra etag', 'extra properties.list[].z', 'type properties.a: example number, emulator string']);
        });

        it('honours allowances and reports unused ones; treats tags as maps; loose ignores extras', () => {
            const r = compareShape({ tags: { a: 'b' }, x: [1], y: 1 }, { tags: {}, x: [], z: 2 }, {
                missing: { 'x[]': 'none', y: 'why', nope: 'unused' },
                extra: { z: 'real' },
            });
            assert.deepEqual(r.problems, []);
            assert.deepEqual(r.unusedAllowances, ['nope']);
            assert.deepEqual(compareShape({ a: 1 }, { a: 2, b: 3 }, { loose: true }).problems, []);
        });
    });

    describe('ArmState', () => {
        it('builds and parses ids, finds referrers and children, hands out unique loopback IPs', () => {
            const s = new ArmState();
            const nic = resourceId('s', 'rg', types.nic, 'nic1');
            const subnet = resourceId('s', 'rg', types.subnet, 'vnet', 'default');
            assert.equal(subnet, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default');
            assert.deepEqual(parseResourceId(subnet), { subscriptionId: 's', resourceGroup: 'rg', type: types.subnet, names: ['vnet', 'default'] });
            const base = { subscriptionId: 's', resourceGroup: 'rg', location: 'eastus', tags: {}, etag: '', createdAt: new Date() };
            s.put({ ...base, id: resourceId('s', 'rg', types.vnet, 'vnet'), name: 'vnet', type: types.vnet, properties: {} });
            s.put({ ...base, id: subnet, name: 'default', type: types.subnet, location: '', properties: {} });
            s.put({ ...base, id: nic, name: 'nic1', type: types.nic, properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: subnet.toUpperCase() } } }] } });
            assert.deepEqual(s.referrers(resourceId('s', 'rg', types.vnet, 'vnet')).map((r) => r.by.name), ['nic1']);
            assert.deepEqual(s.children(resourceId('s', 'rg', types.vnet, 'VNET'), types.subnet).map((r) => r.name), ['default']);
            assert.equal(s.get(nic.toLowerCase())?.name, 'nic1');
            assert.deepEqual(s.remove(resourceId('s', 'rg', types.vnet, 'vnet')).map((r) => r.name).sort(), ['default', 'vnet']);
            assert.equal(s.reserveIp('127.1.0.2'), true);
            assert.deepEqual([s.allocateIp(), s.allocateIp()], ['127.1.0.1', '127.1.0.3']);
        });
    });

    describe('tokens and latency', () => {
        it('normalises audiences and tracks revocation and expiry', () => {
            assert.equal(normalizeAudience('https://127.0.0.1:5/.default'), 'https://127.0.0.1:5');
            assert.equal(normalizeAudience('https://127.0.0.1:5//.default'), 'https://127.0.0.1:5');
            const t = new TokenStore();
            const { token } = t.issue('t', 'c', 'a');
            assert.equal(t.check(token).ok, true);
            assert.deepEqual(t.check('nope'), { ok: false, reason: 'unknown' });
            t.expireAll();
            assert.equal((t.check(token) as { reason: string }).reason, 'expired');
            t.revokeAll('cae');
            assert.equal((t.check(token) as { reason: string }).reason, 'cae');
        });

        it('parses latency profiles', () => {
            assert.deepEqual(parseLatency('instant'), { name: 'instant' });
            assert.deepEqual(parseLatency('azure-typical:100'), { name: 'azure-typical', scale: 100 });
            assert.deepEqual(parseLatency('azure-typical'), { name: 'azure-typical', scale: 1 });
            assert.throws(() => parseLatency('azure-typical:0'));
            assert.throws(() => parseLatency('slow'));
            assert.equal(typicalRequestMs, 150);
        });
    });

    describe('registries', () => {
        it('puts a registry CA where the VM\'s dockerd looks for it (certs.d)', () => {
            const vm = createVmFolder();
            try {
                trustRegistryCa(vm, '127.0.0.1:5443', 'PEM');
                assert.equal(new VmDiskView(vm.disk).read('/etc/docker/certs.d/127.0.0.1:5443/ca.crt'), 'PEM');
            } finally {
                rmSync(vm.dir, { recursive: true, force: true });
            }
        });

        it('ACR token service: exchange, then access tokens that grant what the roles allow', async () => {
            const entra = new TokenStore();
            const acr = new AcrTokenService(entra, () => 'https://arm.test');
            const roles = new Map([['app', new Set(['AcrPull'] as const)]]);
            acr.add({ id: '/r', loginServer: 'r.test', roles: roles as never, armTokensAccepted: true });
            const form = (o: Record<string, string>) => new URLSearchParams(o);
            const post = (p: string, o: Record<string, string>) => acr.handle('POST', new URL(`https://e${p}`), form(o));
            const wrongAudience = entra.issue('t', 'app', 'https://other.test').token;
            assert.equal((await post('/oauth2/exchange', { grant_type: 'access_token', service: 'r.test', access_token: wrongAudience }))?.status, 401);
            const ex = await post('/oauth2/exchange', { grant_type: 'access_token', service: 'r.test', access_token: entra.issue('t', 'app', 'https://arm.test').token });
            const refresh = (ex?.body as { refresh_token: string }).refresh_token;
            const claims = async (reply: Promise<unknown>) => {
                const token = ((await reply) as { body: { access_token: string } }).body.access_token;
                return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { aud: string; iss: string; access: unknown[] };
            };
            const pull = await claims(post('/oauth2/token', { grant_type: 'refresh_token', service: 'r.test', refresh_token: refresh, scope: 'repository:a/b:pull,push registry:catalog:*' }));
            assert.equal(pull.aud, 'r.test');
            assert.deepEqual(pull.access, [{ type: 'repository', name: 'a/b', actions: ['pull'] }, { type: 'registry', name: 'catalog', actions: ['*'] }]);
            const basic = `Basic ${Buffer.from(`${acrTokenUsername}:${refresh}`).toString('base64')}`;
            roles.delete('app');
            const none = await claims(acr.handle('GET', new URL('https://e/oauth2/token?service=r.test&scope=repository:a/b:pull'), form({}), basic));
            assert.deepEqual(none.access, [], 'no role: a token that grants nothing, so the registry refuses');
            acr.expireRefreshTokens();
            assert.equal((await post('/oauth2/token', { grant_type: 'refresh_token', service: 'r.test', refresh_token: refresh, scope: 'repository:a/b:pull' }))?.status, 401);
            assert.equal((await post('/oauth2/exchange', { grant_type: 'access_token', service: 'nope.test', access_token: 'x' }))?.status, 400);
        });
    });
});
