/**
 * Contract: for each operation the emulator implements, its response has the same keys (recursively,
 * with the same JSON types) as the official example response in test/emulator/contract/examples
 * (copied from azure-rest-api-specs; its INDEX.md names each source). The example's own request is sent where the emulator
 * can take it (ids and placeholders mapped to the emulator's). What is compared, per test:
 * - status code, and for long-running operations the Azure-AsyncOperation / Location headers
 *   (absolute, on the emulator's origin);
 * - the body structure with compareShape (test/emulator/shape.ts). Every difference the emulator is
 *   allowed is listed with its reason; an allowance that is not used fails the test.
 * - `*_Gen` examples (machine-generated, placeholder values): "loose" — the example's keys must be
 *   present with the same types; extra keys are not checked.
 * Finally, no response may echo an example placeholder URL (foo.com, http://nextlink, management.azure.com).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RawResponse } from '../emulator/rawClient';
import { repoRoot } from '../harness/paths';
import { addRegistryResource } from '../emulator/containerRegistries';
import { rawRequest, rawToken, rawWaitForOperation } from '../emulator/rawClient';
import type { Emulator } from '../emulator/server';
import { startEmulator } from '../emulator/server';
import type { ShapeOptions } from '../emulator/shape';
import { compareShape } from '../emulator/shape';
import { inventoryQuery } from '../../src/azure/resourceGraph';

// JSON is not compiled to out/, so the examples are read from the source tree.
const examplesDir = path.join(repoRoot(), 'test', 'emulator', 'contract', 'examples');
const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/rg1`;

interface Example {
    parameters: Record<string, unknown>;
    responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

function example(file: string): Example {
    return JSON.parse(readFileSync(path.join(examplesDir, file), 'utf8')) as Example;
}

/** Deep-replaces placeholder strings (whole-string and substring). */
function mapStrings<T>(value: T, replacements: [string | RegExp, string][]): T {
    return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
        typeof v === 'string' ? replacements.reduce((s, [from, to]) => s.split(from as string).join(to), v) : v) as T;
}

describe('Azure emulator contract with the official ARM examples', function () {
    this.timeout(30000);
    let emu: Emulator;
    let token: string;
    const seen: RawResponse[] = [];

    before(async function () {
        if (!existsSync(examplesDir)) {
            throw new Error(`ARM examples not found at ${examplesDir}`);
        }
        emu = await startEmulator({
            seed: {
                locations: ['eastus', 'westus', 'westus2'],
                subscriptions: [{
                    subscriptionId: SUB, displayName: 'Contract', resourceGroups: [{ name: 'rg1', location: 'eastus' }],
                }],
            },
        });
        token = await rawToken(emu);
    });

    after(async () => {
        await emu?.stop();
    });

    async function call(method: string, p: string, body?: unknown, apiVersion = '2025-11-01'): Promise<RawResponse> {
        const url = p.includes('api-version=') ? p : `${p}${p.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
        const res = await rawRequest(emu, method, url, { body, token });
        seen.push(res);
        return res;
    }

    function expectShape(exampleBody: unknown, actual: unknown, opts: ShapeOptions = {}): void {
        assert.equal((actual as { error?: unknown } | undefined)?.error, undefined, JSON.stringify(actual));
        const { problems, unusedAllowances } = compareShape(exampleBody, actual, opts);
        assert.deepEqual(problems, [], `structure differs:\n${problems.join('\n')}`);
        assert.deepEqual(unusedAllowances, [], 'allowances not needed any more');
    }

    /** A PUT answered 201/200 + Azure-AsyncOperation on the emulator; waits until it ends Succeeded. */
    async function expectPutLro(res: RawResponse, status = 201): Promise<void> {
        assert.equal(res.status, status, JSON.stringify(res.body));
        const op = res.headers['azure-asyncoperation'];
        assert.ok(op?.startsWith(`${emu.url}/`), `Azure-AsyncOperation: ${op}`);
        const final = await rawWaitForOperation(emu, token, op);
        assert.equal((final as { status?: string }).status, 'Succeeded', JSON.stringify(final));
    }

    /** A DELETE/POST answered 202 + Location on the emulator; polls Location until 200. */
    async function expectAccepted(res: RawResponse): Promise<void> {
        assert.equal(res.status, 202, JSON.stringify(res.body));
        const location = res.headers.location;
        assert.ok(location?.startsWith(`${emu.url}/`), `Location: ${location}`);
        for (let i = 0; i < 1000; i++) {
            const poll = await call('GET', location);
            if (poll.status !== 202) {
                assert.equal(poll.status, 200, JSON.stringify(poll.body));
                return;
            }
            await new Promise((r) => setTimeout(r, 5));
        }
        assert.fail('operation did not end');
    }

    const networkExtras = { etag: 'real ARM returns an etag on every network resource; the examples omit it' };

    it('Subscriptions_List', async () => {
        const ex = example('Microsoft.Resources/2022-12-01/Subscriptions_List.json');
        const res = await call('GET', '/subscriptions', undefined, '2022-12-01');
        assert.equal(res.status, 200);
        expectShape(ex.responses['200'].body, res.body, {
            missing: {
                nextLink: 'one page: the placeholder "http://nextlink" must not be echoed, so it is omitted',
                'value[].managedByTenants[]': 'emulated subscriptions have no managing tenants',
            },
        });
    });

    it('Subscriptions_ListLocations', async () => {
        const ex = example('Microsoft.Resources/2022-12-01/Subscriptions_ListLocations.json');
        const res = await call('GET', `/subscriptions/${SUB}/locations`, undefined, '2022-12-01');
        assert.equal(res.status, 200);
        expectShape(ex.responses['200'].body, res.body);
    });

    it('ResourceGroups_CreateOrUpdate and ResourceGroups_Get', async () => {
        const put = example('Microsoft.Resources/2025-04-01/ResourceGroups_CreateOrUpdate.json');
        const res = await call('PUT', `/subscriptions/${SUB}/resourcegroups/my-resource-group`, put.parameters.parameters, '2025-04-01');
        assert.equal(res.status, 201);
        expectShape(put.responses['201'].body, res.body, { extra: { type: 'the Get example and real ARM include it' } });
        const again = await call('PUT', `/subscriptions/${SUB}/resourcegroups/my-resource-group`, put.parameters.parameters, '2025-04-01');
        assert.equal(again.status, 200);
        const get = example('Microsoft.Resources/2025-04-01/ResourceGroups_Get.json');
        const got = await call('GET', `/subscriptions/${SUB}/resourcegroups/my-resource-group`, undefined, '2025-04-01');
        assert.equal(got.status, 200);
        expectShape(get.responses['200'].body, got.body);
    });

    const vnetAllowances: ShapeOptions = {
        extra: {
            ...networkExtras,
            'properties.resourceGuid': 'real ARM returns it',
            'properties.enableDdosProtection': 'real ARM returns it',
            'properties.privateEndpointVNetPolicies': 'real ARM returns it (2024-05-01 and later)',
            'properties.subnets[].etag': networkExtras.etag,
            'properties.subnets[].type': 'real ARM returns the child type',
            'properties.subnets[].properties.delegations': 'real ARM returns it',
            'properties.subnets[].properties.privateEndpointNetworkPolicies': 'real ARM returns it',
            'properties.subnets[].properties.privateLinkServiceNetworkPolicies': 'real ARM returns it',
        },
    };

    it('VirtualNetworks_CreateOrUpdate (201, then the final GET against 200)', async () => {
        const ex = example('Microsoft.Network/2025-07-01/VirtualNetworks_CreateOrUpdate.json');
        const res = await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/test-vnet`, ex.parameters.parameters, '2025-07-01');
        expectShape(ex.responses['201'].body, res.body, vnetAllowances);
        await expectPutLro(res);
        const got = await call('GET', `${RG}/providers/Microsoft.Network/virtualNetworks/test-vnet`);
        expectShape(ex.responses['200'].body, got.body, vnetAllowances);
        assert.equal((got.body as { properties: { provisioningState: string } }).properties.provisioningState, 'Succeeded');
    });

    it('Subnets_CreateOrUpdate', async () => {
        await expectPutLro(await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/vnetname`, {
            location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/8'] } },
        }));
        const ex = example('Microsoft.Network/2025-07-01/Subnets_CreateOrUpdate.json');
        const res = await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/vnetname/subnets/subnet1`, ex.parameters.subnetParameters, '2025-07-01');
        expectShape(ex.responses['201'].body, res.body, {
            extra: {
                ...networkExtras,
                type: 'real ARM returns the child type',
                'properties.delegations': 'real ARM returns it',
                'properties.privateEndpointNetworkPolicies': 'real ARM returns it',
                'properties.privateLinkServiceNetworkPolicies': 'real ARM returns it',
            },
        });
        await expectPutLro(res);
    });

    it('NetworkSecurityGroups_CreateOrUpdate (with security rules)', async () => {
        const ex = example('Microsoft.Network/2025-09-01/NetworkSecurityGroups_CreateOrUpdate.json');
        const res = await call('PUT', `${RG}/providers/Microsoft.Network/networkSecurityGroups/testnsg`, ex.parameters.parameters, '2025-09-01');
        const arrays = ['sourceAddressPrefixes', 'destinationAddressPrefixes', 'sourcePortRanges', 'destinationPortRanges'];
        const extra: Record<string, string> = { ...networkExtras, 'properties.resourceGuid': 'real ARM returns it' };
        for (const list of ['securityRules', 'defaultSecurityRules']) {
            extra[`properties.${list}[].etag`] = networkExtras.etag;
            extra[`properties.${list}[].type`] = 'real ARM returns the child type';
            for (const a of arrays) {
                extra[`properties.${list}[].properties.${a}`] = 'real ARM returns the (empty) plural forms too';
            }
        }
        expectShape(ex.responses['201'].body, res.body, { extra });
        await expectPutLro(res);
    });

    const pipExtras = {
        ...networkExtras,
        sku: 'real ARM returns the SKU (Standard by default since Basic was retired)',
        'properties.resourceGuid': 'real ARM returns it',
        'properties.ipTags': 'real ARM returns it',
    };

    it('PublicIPAddresses_CreateOrUpdate (with a DNS label)', async () => {
        const ex = example('Microsoft.Network/2025-09-01/PublicIPAddresses_CreateOrUpdate.json');
        const res = await call('PUT', `${RG}/providers/Microsoft.Network/publicIPAddresses/test-ip`, ex.parameters.parameters, '2025-09-01');
        expectShape(ex.responses['201'].body, res.body, {
            missing: { 'properties.ipConfiguration': 'no NIC uses it yet (checked against the 200 example after the NIC test)' },
            extra: pipExtras,
        });
        await expectPutLro(res);
        const body = res.body as { properties: { dnsSettings: { fqdn: string } } };
        assert.equal(body.properties.dnsSettings.fqdn, 'dnslbl.eastus.cloudapp.azure.com');
    });

    it('CheckDnsNameAvailability', async () => {
        const ex = example('Microsoft.Network/2025-09-01/CheckDnsNameAvailability.json');
        const taken = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/locations/eastus/CheckDnsNameAvailability?domainNameLabel=dnslbl`);
        expectShape(ex.responses['200'].body, taken.body);
        assert.deepEqual(taken.body, { available: false });
        const free = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westus/CheckDnsNameAvailability?domainNameLabel=testdns`);
        assert.deepEqual(free.body, { available: true });
    });

    it('NetworkInterfaces_CreateOrUpdate (two IP configurations), then the PIP against its 200 example', async () => {
        await expectPutLro(await call('PUT', `${RG}/providers/Microsoft.Network/virtualNetworks/rg1-vnet`, {
            location: 'eastus',
            properties: { addressSpace: { addressPrefixes: ['172.20.0.0/16'] }, subnets: [{ name: 'default', properties: { addressPrefix: '172.20.2.0/24' } }] },
        }));
        const ex = example('Microsoft.Network/2025-07-01/NetworkInterfaces_CreateOrUpdate.json');
        const res = await call('PUT', `${RG}/providers/Microsoft.Network/networkInterfaces/test-nic`, ex.parameters.parameters, '2025-07-01');
        const nicExtras = {
            ...networkExtras,
            'properties.resourceGuid': 'real ARM returns it',
            'properties.nicType': 'real ARM returns it',
            'properties.ipConfigurations[].etag': networkExtras.etag,
            'properties.ipConfigurations[].type': 'real ARM returns the child type',
        };
        expectShape(ex.responses['201'].body, res.body, {
            extra: { ...nicExtras, 'properties.disableTcpStateTracking': 'echoed from the request (the 200 example shows it too)' },
        });
        await expectPutLro(res);
        const got = await call('GET', `${RG}/providers/Microsoft.Network/networkInterfaces/test-nic`);
        expectShape(ex.responses['200'].body, got.body, { extra: nicExtras });
        const ips = (got.body as { properties: { ipConfigurations: { properties: { privateIPAddress: string } }[] } }).properties.ipConfigurations;
        assert.equal(ips[0].properties.privateIPAddress, '172.20.2.4');

        const pipEx = example('Microsoft.Network/2025-09-01/PublicIPAddresses_CreateOrUpdate.json');
        const pip = await call('GET', `${RG}/providers/Microsoft.Network/publicIPAddresses/test-ip`);
        expectShape(pipEx.responses['200'].body, pip.body, {
            extra: {
                ...pipExtras,
                'properties.ipAddress': 'a static address is allocated (the example is Dynamic and unattached to a VM)',
                'properties.ddosSettings': 'real ARM returns it (the 201 example shows it)',
            },
        });
    });

    const vmPlaceholders: [string, string][] = [
        ['{subscription-id}', SUB], ['myResourceGroup', 'rg1'], ['{existing-nic-name}', 'test-nic'],
        ['{your-username}', 'azureuser'], ['{image_publisher}', 'Canonical'], ['{image_offer}', 'ubuntu-24_04-lts'],
        ['{image_sku}', 'server'], ['Standard_D1_v2', 'Standard_D2s_v5'], ['westus', 'eastus'],
    ];
    const vmExtras = {
        etag: 'real ARM returns it (the Get example has it)',
        'properties.timeCreated': 'real ARM returns it (the Get example has it)',
        'properties.osProfile.allowExtensionOperations': 'real ARM returns it',
        'properties.osProfile.requireGuestProvisionSignal': 'real ARM returns it',
        'properties.osProfile.linuxConfiguration.provisionVMAgent': 'real ARM returns it',
        'properties.storageProfile.osDisk.managedDisk.id': 'the OS disk resource (the Get example has it)',
        'properties.storageProfile.osDisk.deleteOption': 'real ARM returns it',
        'properties.storageProfile.osDisk.diskSizeGB': 'real ARM returns it (the Get example has it)',
    };

    it('VirtualMachines_CreateOrUpdate (Linux, SSH)', async () => {
        const ex = example('Microsoft.Compute/2026-03-01/VirtualMachines_CreateOrUpdate_LinuxSsh.json');
        const body = mapStrings(ex.parameters.parameters, vmPlaceholders);
        const res = await call('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM`, body, '2026-03-01');
        expectShape(ex.responses['201'].body, res.body, { extra: vmExtras });
        assert.equal((res.body as { properties: { provisioningState: string } }).properties.provisioningState, 'Creating');
        await expectPutLro(res);
    });

    it('VirtualMachineExtensions_CreateOrUpdate (MaximumSet, loose) and _List (loose)', async () => {
        const ex = example('Microsoft.Compute/2026-03-01/VirtualMachineExtensions_CreateOrUpdate_MaximumSet.json');
        const ext = `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/extensions/myVMExtension`;
        const res = await call('PUT', ext, ex.parameters.extensionParameters, '2026-03-01');
        const never = {
            'properties.protectedSettings': 'ARM never returns protected settings',
            'properties.instanceView': 'only with $expand=instanceView on GET',
        };
        expectShape(ex.responses['201'].body, res.body, { loose: true, missing: never });
        await expectPutLro(res);
        const min = example('Microsoft.Compute/2026-03-01/VirtualMachineExtensions_CreateOrUpdate.json');
        expectShape(min.responses['200'].body, (await call('GET', ext)).body, { loose: true });

        const list = example('Microsoft.Compute/2026-03-01/VirtualMachineExtensions_List.json');
        const listed = await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/extensions?$expand=instanceView`);
        assert.equal(listed.status, 200);
        expectShape(list.responses['200'].body, listed.body, {
            loose: true,
            missing: {
                'value[].properties.protectedSettings': 'ARM never returns protected settings',
                'value[].properties.instanceView.substatuses': 'only handlers that report substatuses (CustomScript) have them',
            },
        });
        await expectAccepted(await call('DELETE', ext));
    });

    it('VirtualMachines_Get (with an extension in `resources`)', async () => {
        await expectPutLro(await call('PUT', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/extensions/CustomScriptExtension-DSC`, {
            location: 'eastus', tags: { displayName: 'CustomScriptExtension-DSC' },
            properties: { publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript', typeHandlerVersion: '2.1', autoUpgradeMinorVersion: true, settings: {} },
        }));
        const ex = example('Microsoft.Compute/2026-03-01/VirtualMachines_Get.json');
        const got = await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM?$expand=userData`);
        assert.equal(got.status, 200);
        const notModelled = 'not modelled by the emulator (the extension does not use it)';
        expectShape(ex.responses['200'].body, got.body, {
            missing: {
                tags: 'this VM was created without tags',
                managedBy: 'only for VMs in a scale set',
                'properties.availabilitySet': notModelled,
                'properties.proximityPlacementGroup': notModelled,
                'properties.applicationProfile': notModelled,
                'properties.diagnosticsProfile': notModelled,
                'properties.extensionsTimeBudget': notModelled,
                'properties.userData': 'this VM was created without userData',
                'properties.storageProfile.dataDisks[]': 'this VM has no data disks',
                'properties.osProfile.windowsConfiguration': 'the example is a Windows VM; this one is Linux',
            },
            extra: {
                'properties.osProfile.linuxConfiguration': 'the example is a Windows VM; this one is Linux',
                'properties.osProfile.allowExtensionOperations': 'real ARM returns it',
                'properties.osProfile.requireGuestProvisionSignal': 'real ARM returns it',
                'properties.storageProfile.osDisk.deleteOption': 'real ARM returns it',
                'properties.networkProfile.networkInterfaces[].properties': 'echoed from the request (primary)',
            },
        });
        const osProfile = (got.body as { properties: { osProfile: Record<string, unknown> } }).properties.osProfile;
        assert.equal('customData' in osProfile || 'adminPassword' in osProfile, false);
    });

    it('VirtualMachines_InstanceView', async () => {
        const ex = example('Microsoft.Compute/2026-03-01/VirtualMachines_InstanceView.json');
        const got = await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/instanceView`);
        assert.equal(got.status, 200);
        expectShape(ex.responses['200'].body, got.body, {
            missing: { bootDiagnostics: 'boot diagnostics are not modelled', patchStatus: 'patching is not modelled' },
            extra: {
                'extensions[].statuses[].time': 'real ARM returns it when the handler reported a time',
                'extensions[].substatuses': 'the CustomScript handler reports StdOut/StdErr substatuses',
            },
        });
    });

    it('VirtualMachines_List and _ListAll (loose: *_Gen minimum sets)', async () => {
        const list = example('Microsoft.Compute/2026-03-01/VirtualMachines_List.json');
        expectShape(list.responses['200'].body, (await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines`)).body, { loose: true });
        const all = example('Microsoft.Compute/2026-03-01/VirtualMachines_ListAll.json');
        expectShape(all.responses['200'].body, (await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines`)).body, { loose: true });
    });

    it('VirtualMachineSizes_List', async () => {
        const ex = example('Microsoft.Compute/2026-03-01/VirtualMachineSizes_List.json');
        expectShape(ex.responses['200'].body, (await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/vmSizes`)).body);
    });

    it('ResourceSkus_List for a region', async () => {
        const ex = example('Microsoft.Compute/2021-07-01/ResourceSkus_List_ForARegion.json');
        const res = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/skus?$filter=${encodeURIComponent("location eq 'eastus'")}`, undefined, '2021-07-01');
        assert.equal(res.status, 200);
        expectShape(ex.responses['200'].body, res.body, {
            missing: {
                nextLink: 'one page: omitted (the example has null)',
                'value[].locationInfo[].zoneDetails[]': 'no zone-specific capabilities are modelled',
            },
            extra: { 'value[].restrictions': 'real ARM returns it (empty when unrestricted); the example omits it' },
        });
    });

    it('VirtualMachines_PowerOff, _Start, _Restart, _Deallocate (202 + Location, then 200)', async () => {
        for (const [action, file] of [['powerOff', 'PowerOff'], ['start', 'Start'], ['restart', 'Restart'], ['deallocate', 'Deallocate']]) {
            const ex = example(`Microsoft.Compute/2026-03-01/VirtualMachines_${file}.json`);
            assert.ok(ex.responses['202'].headers?.location, 'the example documents 202 + location');
            await expectAccepted(await call('POST', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/${action}`));
        }
        const view = await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM/instanceView`);
        const codes = (view.body as { statuses: { code: string }[] }).statuses.map((s) => s.code);
        assert.deepEqual(codes, ['ProvisioningState/succeeded', 'PowerState/deallocated']);
    });

    it('Registries_List, Registries_ListByResourceGroup and Registries_Get', async () => {
        const loginServer = '127.0.0.1:5443';
        addRegistryResource(emu, { subscriptionId: SUB, resourceGroup: 'myResourceGroup', name: 'myRegistry', location: 'westus' }, loginServer);
        const base = `/subscriptions/${SUB}/resourceGroups/myResourceGroup/providers/Microsoft.ContainerRegistry/registries`;
        const get = example('Microsoft.ContainerRegistry/2025-11-01/Registries_Get.json');
        const got = await call('GET', `${base}/myRegistry`, undefined, '2025-11-01');
        assert.equal(got.status, 200);
        expectShape(get.responses['200'].body, got.body);
        assert.equal((got.body as { properties: { loginServer: string } }).properties.loginServer, loginServer);
        const all = example('Microsoft.ContainerRegistry/2025-11-01/Registries_List.json');
        const listed = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerRegistry/registries`, undefined, '2025-11-01');
        assert.equal(listed.status, 200);
        expectShape(all.responses['200'].body, listed.body);
        const inGroup = await call('GET', base, undefined, '2025-11-01');
        assert.deepEqual(inGroup.body, listed.body);
        const missing = await call('GET', `${base}/nope`, undefined, '2025-11-01');
        assert.equal(missing.status, 404);
        assert.equal((missing.body as { error: { code: string } }).error.code, 'ResourceNotFound');
    });

    it('VirtualMachines_Delete and ResourceGroups_Delete (202 + Location, then gone)', async () => {
        const vmEx = example('Microsoft.Compute/2026-03-01/VirtualMachines_Delete.json');
        assert.ok(vmEx.responses['202'].headers?.Location);
        await expectAccepted(await call('DELETE', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM?forceDeletion=true`));
        assert.equal((await call('GET', `${RG}/providers/Microsoft.Compute/virtualMachines/myVM`)).status, 404);
        const rgEx = example('Microsoft.Resources/2025-04-01/ResourceGroups_Delete_ForceDeleteVMs.json');
        assert.ok(rgEx.responses['202'].headers?.location);
        const res = await call('DELETE', `/subscriptions/${SUB}/resourcegroups/rg1?forceDeletionTypes=Microsoft.Compute/virtualMachines`, undefined, '2025-04-01');
        assert.equal(res.headers['azure-asyncoperation'], undefined, 'resource group deletes send Location only');
        await expectAccepted(res);
        assert.equal((await call('GET', `/subscriptions/${SUB}/resourcegroups/rg1`)).status, 404);
        assert.deepEqual(emu.inventory().filter((r) => r.id.includes('/resourceGroups/rg1')), []);
    });

    it('Resource Graph resources: the first page and the next (the extension\'s query; the example\'s own is refused naming it)', async () => {
        const first = example('Microsoft.ResourceGraph/2024-04-01/Resources_FirstPage.json');
        const next = example('Microsoft.ResourceGraph/2024-04-01/Resources_NextPage.json');
        const graph = '/providers/Microsoft.ResourceGraph/resources';
        const refused = await call('POST', graph, first.parameters.query, '2024-04-01');
        assert.equal(refused.status, 400);
        assert.ok(JSON.stringify(refused.body).includes("Resources | where name contains 'test'"), JSON.stringify(refused.body));
        // Two groups carrying a run tag: with the subscription's own row, three rows, one a page.
        for (const name of ['graph-a-rg', 'graph-b-rg']) {
            const put = await call('PUT', `/subscriptions/${SUB}/resourcegroups/${name}`, { location: 'eastus', tags: { 'azure-docker-hosts:provisioning': 'contract' } }, '2025-04-01');
            assert.equal(put.status, 201, JSON.stringify(put.body));
        }
        const rows = {
            missing: { 'data[].location': 'the rows are the extension query\'s projection, not the example\'s; its subscription and group rows have no location column' },
            extra: { 'data[].rowKind': 'a column the extension\'s query projects', 'data[].subscriptionId': 'a column the extension\'s query projects' },
        };
        const page1 = await call('POST', graph, { subscriptions: [SUB], query: inventoryQuery, options: { $top: 1, $skip: 0 } }, '2024-04-01');
        assert.equal(page1.status, 200, JSON.stringify(page1.body));
        expectShape(first.responses['200'].body, page1.body, rows);
        const token = (page1.body as { $skipToken?: string }).$skipToken;
        const page2 = await call('POST', graph, { subscriptions: [SUB], query: inventoryQuery, options: { $skipToken: token, $top: 1 } }, '2024-04-01');
        assert.equal(page2.status, 200, JSON.stringify(page2.body));
        expectShape(next.responses['200'].body, page2.body, { ...rows, extra: { ...rows.extra, 'data[].tags': 'tagged rows carry their tags' } });
        const ids = [page1, page2].map((p) => (p.body as { data: { id: string }[] }).data[0].id);
        assert.deepEqual(ids, [`/subscriptions/${SUB}`, `/subscriptions/${SUB}/resourceGroups/graph-a-rg`]);
        for (const name of ['graph-a-rg', 'graph-b-rg']) {
            await expectAccepted(await call('DELETE', `/subscriptions/${SUB}/resourcegroups/${name}`, undefined, '2025-04-01'));
        }
    });

    it('never echoes an example placeholder URL', () => {
        assert.ok(seen.length > 30);
        const text = JSON.stringify(seen);
        for (const placeholder of ['foo.com', 'http://nextlink', 'management.azure.com', '{subscription-id}']) {
            assert.equal(text.includes(placeholder), false, placeholder);
        }
    });
});
