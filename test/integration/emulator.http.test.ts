/**
 * The emulator over raw HTTPS: Entra and ARM authentication errors, the /emulator control
 * endpoints (faults driven from outside the process), ordering rules (a reference to a resource
 * that is still provisioning), delete cascades, the demo seed, and main.js as a process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { RawResponse } from '../emulator/rawClient';
import { rawRequest, rawToken, rawWaitForOperation } from '../emulator/rawClient';
import { demoSeedPath, loadSeed } from '../emulator/seed';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';

const sub = '0bad0000-0000-4000-8000-000000000001';
const rgPath = `/subscriptions/${sub}/resourceGroups/rg`;
const av = 'api-version=2025-11-01';

function errorCode(res: RawResponse): string | undefined {
    return (res.body as { error?: { code?: string } } | undefined)?.error?.code;
}

describe('Azure emulator over raw HTTPS', function () {
    this.timeout(30000);
    let emu: Emulator;
    let token: string;
    const arm = (method: string, p: string, body?: unknown, t = token) =>
        rawRequest(emu, method, `${p}${p.includes('?') ? '&' : '?'}${av}`, { body, token: t });
    const put = async (p: string, body: unknown): Promise<RawResponse> => {
        const res = await arm('PUT', p, body);
        if (res.status < 300) {
            const op = await rawWaitForOperation(emu, token, res.headers['azure-asyncoperation']);
            assert.equal((op as { status: string }).status, 'Succeeded', JSON.stringify(op));
        }
        return res;
    };

    before(async () => {
        emu = await startEmulator({
            seed: { subscriptions: [{ subscriptionId: sub, displayName: 'raw', resourceGroups: [{ name: 'rg', location: 'westeurope' }] }] },
            latency: { name: 'azure-typical', scale: 40 },
            callerPublicIp: '198.51.100.23',
        });
        token = await rawToken(emu);
    });

    after(async () => {
        await emu?.stop();
    });

    afterEach(() => emu.faults.clear());

    it('answers the token endpoint\'s error cases like Entra', async () => {
        const form = (over: Record<string, string>) => new URLSearchParams({
            grant_type: 'client_credentials', client_id: emu.clientId, client_secret: emu.clientSecret, scope: `${emu.url}/.default`, ...over,
        });
        const cases: [string, Record<string, string>, number, string, number][] = [
            [emu.tenantId, { client_secret: 'wrong' }, 401, 'invalid_client', 7000215],
            [emu.tenantId, { client_id: 'someone-else' }, 400, 'unauthorized_client', 700016],
            [emu.tenantId, { scope: 'openid' }, 400, 'invalid_scope', 1002012],
            [emu.tenantId, { grant_type: 'password' }, 400, 'unsupported_grant_type', 70003],
            ['other-tenant', {}, 400, 'invalid_request', 90002],
        ];
        for (const [tenant, over, status, error, aadsts] of cases) {
            const res = await rawRequest(emu, 'POST', `/${tenant}/oauth2/v2.0/token`, { form: form(over) });
            const body = res.body as { error: string; error_codes: number[]; error_description: string };
            assert.equal(res.status, status, JSON.stringify(body));
            assert.equal(body.error, error);
            assert.deepEqual(body.error_codes, [aadsts]);
            assert.match(body.error_description, new RegExp(`^AADSTS${aadsts}: `));
        }
        const oidc = await rawRequest(emu, 'GET', `/${emu.tenantId}/v2.0/.well-known/openid-configuration`);
        const config = oidc.body as Record<string, string>;
        for (const key of ['token_endpoint', 'authorization_endpoint', 'issuer', 'jwks_uri']) {
            assert.ok(config[key].startsWith(`${emu.url}/${emu.tenantId}/`), key);
        }
    });

    it('rejects bad ARM credentials with 401, WWW-Authenticate and ARM\'s codes', async () => {
        const none = await rawRequest(emu, 'GET', `/subscriptions?${av}`);
        assert.equal(none.status, 401);
        assert.equal(errorCode(none), 'AuthenticationFailed');
        assert.match(none.headers['www-authenticate'], /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[^"]+", error="invalid_token"/);
        assert.equal(errorCode(await arm('GET', '/subscriptions', undefined, 'made-up')), 'InvalidAuthenticationToken');
        const publicCloud = await rawToken(emu, 'https://management.azure.com/.default');
        assert.equal(errorCode(await arm('GET', '/subscriptions', undefined, publicCloud)), 'InvalidAuthenticationTokenAudience');
        const slashed = await rawToken(emu, `${emu.url}//.default`);
        assert.equal((await arm('GET', '/subscriptions', undefined, slashed)).status, 200, 'the resource id with a trailing slash is the same audience');
        const doomed = await rawToken(emu);
        emu.tokens.expireAll();
        assert.equal(errorCode(await arm('GET', '/subscriptions', undefined, doomed)), 'ExpiredAuthenticationToken');
        token = await rawToken(emu);
        const noVersion = await rawRequest(emu, 'GET', '/subscriptions', { token });
        assert.equal(errorCode(noVersion), 'MissingApiVersionParameter');
        const unknown = await arm('GET', `/subscriptions/${sub}/providers/Microsoft.Storage/storageAccounts`);
        assert.equal(unknown.status, 501);
        assert.equal(errorCode(unknown), 'NotImplementedInEmulator');
        assert.equal(errorCode(await arm('GET', `/subscriptions/${sub}/resourceGroups/nope`)), 'ResourceGroupNotFound');
        assert.equal(errorCode(await arm('GET', `${rgPath}/providers/Microsoft.Compute/virtualMachines/nope`)), 'ResourceNotFound');
    });

    it('serves the caller\'s public IP and takes faults over HTTP from other processes', async () => {
        assert.equal((await rawRequest(emu, 'GET', '/emulator/public-ip')).body, '198.51.100.23');
        const added = await rawRequest(emu, 'POST', '/emulator/faults', { body: { method: 'GET', path: `^/subscriptions/${sub}$`, status: 403, code: 'AuthorizationFailed', once: true } });
        assert.equal(added.status, 201);
        const denied = await arm('GET', `/subscriptions/${sub}`);
        assert.equal(denied.status, 403);
        assert.equal(errorCode(denied), 'AuthorizationFailed');
        assert.equal((await arm('GET', `/subscriptions/${sub}`)).status, 200);
        await rawRequest(emu, 'POST', '/emulator/faults', { body: { path: 'CheckDnsNameAvailability', armError: { status: 409, code: 'SkuNotAvailable', message: 'nope' } } });
        const listed = await rawRequest(emu, 'GET', '/emulator/faults');
        assert.equal((listed.body as unknown[]).length, 2);
        assert.equal((await rawRequest(emu, 'DELETE', '/emulator/faults')).status, 204);
        assert.deepEqual((await rawRequest(emu, 'GET', '/emulator/faults')).body, []);
        assert.equal((await rawRequest(emu, 'POST', '/emulator/faults', { body: { path: 'x' } })).status, 400);
        const revoked = await rawRequest(emu, 'POST', '/emulator/tokens/revoke');
        assert.ok((revoked.body as { revoked: number }).revoked >= 1);
        assert.equal(errorCode(await arm('GET', '/subscriptions')), 'InvalidAuthenticationToken');
        token = await rawToken(emu);
    });

    it('refuses a reference to a resource that is still provisioning (ReferencedResourceNotProvisioned)', async () => {
        await put(`${rgPath}/providers/Microsoft.Network/virtualNetworks/v`, {
            location: 'westeurope', properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] }, subnets: [{ name: 's', properties: { addressPrefix: '10.1.0.0/24' } }] },
        });
        // azure-typical ÷40: a public IP takes 100 ms.
        const pip = await arm('PUT', `${rgPath}/providers/Microsoft.Network/publicIPAddresses/p`, { location: 'westeurope', properties: { publicIPAllocationMethod: 'Static' } });
        assert.equal(pip.status, 201);
        const early = await arm('PUT', `${rgPath}/providers/Microsoft.Network/networkInterfaces/n`, {
            location: 'westeurope',
            properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${rgPath}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` }, publicIPAddress: { id: `${rgPath}/providers/Microsoft.Network/publicIPAddresses/p` } } }] },
        });
        assert.equal(early.status, 400);
        assert.equal(errorCode(early), 'ReferencedResourceNotProvisioned');
        await rawWaitForOperation(emu, token, pip.headers['azure-asyncoperation']);
        const nic = await put(`${rgPath}/providers/Microsoft.Network/networkInterfaces/n`, {
            location: 'westeurope',
            properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${rgPath}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` }, publicIPAddress: { id: `${rgPath}/providers/Microsoft.Network/publicIPAddresses/p` } } }] },
        });
        assert.equal(nic.status, 201);
        const wrongRegion = await arm('PUT', `${rgPath}/providers/Microsoft.Network/networkInterfaces/n2`, {
            location: 'northeurope',
            properties: { ipConfigurations: [{ name: 'c', properties: { subnet: { id: `${rgPath}/providers/Microsoft.Network/virtualNetworks/v/subnets/s` } } }] },
        });
        assert.equal(errorCode(wrongRegion), 'InvalidResourceReference');
    });

    it('keeps subnets in use when a vnet is re-PUT without them, and validates ranges', async () => {
        const again = await arm('PUT', `${rgPath}/providers/Microsoft.Network/virtualNetworks/v`, {
            location: 'westeurope', properties: { addressSpace: { addressPrefixes: ['10.1.0.0/16'] } },
        });
        assert.equal(again.status, 400);
        assert.equal(errorCode(again), 'InUseSubnetCannotBeDeleted');
        const outside = await arm('PUT', `${rgPath}/providers/Microsoft.Network/virtualNetworks/v/subnets/far`, { properties: { addressPrefix: '10.2.0.0/24' } });
        assert.equal(errorCode(outside), 'NetcfgSubnetRangeOutsideVnet');
        const overlapping = await arm('PUT', `${rgPath}/providers/Microsoft.Network/virtualNetworks/v/subnets/twin`, { properties: { addressPrefix: '10.1.0.128/25' } });
        assert.equal(errorCode(overlapping), 'NetcfgSubnetRangesOverlap');
        const badLabel = await arm('PUT', `${rgPath}/providers/Microsoft.Network/publicIPAddresses/p2`, { location: 'westeurope', properties: { dnsSettings: { domainNameLabel: 'Bad_Label' } } });
        assert.equal(errorCode(badLabel), 'InvalidDomainNameLabel');
    });

    it('validates a VM like Compute does, and deletes its NIC and disk only when asked', async () => {
        const nicId = `${rgPath}/providers/Microsoft.Network/networkInterfaces/n`;
        const vm = (over: Record<string, unknown> = {}, os: Record<string, unknown> = {}) => ({
            location: 'westeurope',
            properties: {
                hardwareProfile: { vmSize: 'Standard_B1s' },
                storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
                osProfile: {
                    computerName: 'vm', adminUsername: 'azureuser',
                    linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK test' }] } },
                    ...os,
                },
                networkProfile: { networkInterfaces: [{ id: nicId, properties: { deleteOption: 'Delete' } }] },
                ...over,
            },
        });
        const vmPath = `${rgPath}/providers/Microsoft.Compute/virtualMachines/vm`;
        assert.equal(errorCode(await arm('PUT', vmPath, vm({}, { adminUsername: 'admin' }))), 'InvalidParameter');
        assert.equal(errorCode(await arm('PUT', vmPath, vm({}, { customData: 'not base64!' }))), 'InvalidParameter');
        assert.equal(errorCode(await arm('PUT', vmPath, vm({ storageProfile: { imageReference: { publisher: 'Canonical', offer: 'nope', sku: 'x' } } }))), 'PlatformImageNotFound');
        assert.equal(errorCode(await arm('PUT', vmPath, vm({ hardwareProfile: { vmSize: 'Standard_Z9' } }))), 'InvalidParameter');
        const created = await put(vmPath, vm({}, { customData: Buffer.from('hello').toString('base64') }));
        assert.equal(created.status, 201);
        const changed = await arm('PUT', vmPath, vm({}, { customData: Buffer.from('other').toString('base64') }));
        assert.equal(changed.status, 409);
        assert.equal(errorCode(changed), 'PropertyChangeNotAllowed');
        const disk = emu.inventory().find((r) => r.type === 'Microsoft.Compute/disks');
        assert.ok(disk, 'the VM has an OS disk resource');
        const detached = await arm('DELETE', disk.id);
        assert.equal(errorCode(detached), 'OperationNotAllowed', 'an attached disk cannot be deleted');

        const del = await arm('DELETE', vmPath);
        assert.equal(del.status, 202);
        await rawWaitForOperation(emu, token, del.headers['azure-asyncoperation']);
        const left = emu.inventory().map((r) => r.type);
        assert.equal(left.includes('Microsoft.Compute/virtualMachines'), false);
        assert.equal(left.includes('Microsoft.Network/networkInterfaces'), false, 'deleteOption Delete removes the NIC');
        assert.equal(left.includes('Microsoft.Compute/disks'), true, 'the OS disk is detached, not deleted, by default');
        assert.equal(left.includes('Microsoft.Network/publicIPAddresses'), true);
    });

    it('loads the demo seed: two subscriptions, Docker hosts in several power states, a plain VM, a legacy DockerExtension VM', async () => {
        const demo = await startEmulator({ seed: loadSeed(demoSeedPath()) });
        try {
            const t = await rawToken(demo);
            const subs = await rawRequest(demo, 'GET', `/subscriptions?${av}`, { token: t });
            const list = (subs.body as { value: { subscriptionId: string }[] }).value;
            assert.equal(list.length, 2);
            const hosts: string[] = [];
            const legacy: string[] = [];
            const plain: string[] = [];
            const states = new Set<string>();
            for (const s of list) {
                const vms = await rawRequest(demo, 'GET', `/subscriptions/${s.subscriptionId}/providers/Microsoft.Compute/virtualMachines?${av}&statusOnly=true`, { token: t });
                const full = await rawRequest(demo, 'GET', `/subscriptions/${s.subscriptionId}/providers/Microsoft.Compute/virtualMachines?${av}`, { token: t });
                for (const vm of (full.body as { value: { name: string; tags?: Record<string, string>; resources?: { properties: { type: string } }[] }[] }).value) {
                    if (vm.tags?.['azure-docker-hosts:docker'] === 'tls:2376') {
                        hosts.push(vm.name);
                    } else if (vm.resources?.some((r) => r.properties.type === 'DockerExtension')) {
                        legacy.push(vm.name);
                    } else {
                        plain.push(vm.name);
                    }
                }
                for (const vm of (vms.body as { value: { properties: { instanceView: { statuses: { code: string }[] } } }[] }).value) {
                    states.add(vm.properties.instanceView.statuses[1].code);
                }
            }
            assert.deepEqual(hosts.sort(), ['buildhost', 'ci-runner', 'devbox', 'shared-engine']);
            assert.deepEqual(legacy, ['old-docker']);
            assert.deepEqual(plain.sort(), ['jumpbox', 'web-server']);
            assert.deepEqual([...states].sort(), ['PowerState/deallocated', 'PowerState/running', 'PowerState/stopped']);
        } finally {
            await demo.stop();
        }
    });

    it('runs as a process: main.js prints its settings and stops on SIGTERM', async () => {
        const main = path.resolve(__dirname, '..', 'emulator', 'main.js');
        const child = spawn(process.execPath, [main, '--seed', 'demo', '--latency', 'azure-typical:100', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
        try {
            const line = await new Promise<string>((resolve, reject) => {
                createInterface({ input: child.stdout }).once('line', resolve);
                child.once('exit', (code) => reject(new Error(`main.js exited early with ${code}`)));
            });
            const info = JSON.parse(line) as { url: string; env: Record<string, string>; vscodeSettings: Record<string, unknown> };
            assert.match(info.url, /^https:\/\/127\.0\.0\.1:\d+$/);
            assert.equal(info.env.AZURE_AUTHORITY_HOST, info.url);
            assert.equal(info.vscodeSettings['microsoft-sovereign-cloud.environment'], 'custom');
            assert.equal(info.vscodeSettings['azureDockerHosts.authentication'], 'environment');
            const custom = info.vscodeSettings['microsoft-sovereign-cloud.customEnvironment'] as Record<string, string>;
            assert.equal(custom.resourceManagerEndpointUrl, `${info.url}/`);
            assert.equal(custom.activeDirectoryEndpointUrl, `${info.url}/`);
        } finally {
            const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            assert.equal(await exited, 0);
        }
    });
});
