import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createHostGraph, type CreateHostDeps } from '../../src/azure/create/createHostGraph';
import type { CreateHostPlan } from '../../src/azure/create/plan';
import { describeAzureError } from '../../src/azure/describeError';
import { pingEngine } from '../../src/docker/enginePing';
import { readClientMaterial } from '../../src/tls/storage';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type Inventory, type ReliabilityWorld } from './world';

const nodeIds = createHostGraph({ name: 'x', resourceGroup: 'x', subscriptionId: 'x' } as CreateHostPlan, { clients: {} } as CreateHostDeps).map((n) => n.id);

describe('Create failures', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
    });
    afterEach(() => {
        world.emulator.faults.clear();
        world.enginesOn = true;
    });
    after(() => world?.stop());

    scenario({ area: 'Create failures', kind: 'emulator', name: 'DNS label taken at the moment of creation', fault: 'Another public IP takes the label after the name was validated', expected: 'The create fails with ARM\'s DnsRecordInUse message; everything it created is deleted, the other IP is untouched' }, async () => {
        const clients = await world.clients();
        await clients.resources.resourceGroups.createOrUpdate('someone-else', { location: 'eastus' });
        const baseline = world.inventory();
        // The label is free when the create checks its names; the other IP takes it while this run's PIP PUT is held back.
        world.emulator.faults.add({ method: 'PUT', path: /publicIPAddresses\/dnsrace-ip$/, delayMs: 300, once: true });
        let theirs: Promise<unknown> | undefined;
        const outcome = await world.create('dnsrace', { onEvent: (e) => {
            if (e.type === 'start' && e.nodeId === 'publicIPAddress') {
                theirs = clients.network.publicIPAddresses.createOrUpdate('someone-else', 'their-ip', { location: 'eastus', sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static', dnsSettings: { domainNameLabel: 'dnsrace' } }, { updateIntervalInMs: 10 });
            }
        } });
        await theirs;
        // Their IP, made during the run, is as they sent it: the label theirs, none of the run's tags.
        const theirIp = world.inventory(`/subscriptions/${world.subscription.subscriptionId}/resourceGroups/someone-else/providers/Microsoft.Network/publicIPAddresses/their-ip`);
        const [body] = Object.values(theirIp) as { tags: Record<string, string>; properties: { dnsSettings?: { domainNameLabel?: string } } }[];
        assert.deepEqual([body?.tags, body?.properties.dnsSettings?.domainNameLabel], [{}, 'dnsrace'], 'their public IP');
        world.assertCleanFailure(outcome, { ...baseline, ...theirIp }, /dnsrace\.eastus\.cloudapp\.azure\.com is already used by another public IP/);
        await world.deleteGroup('someone-else');
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'Quota exceeded', fault: 'The VM PUT answers 409 OperationNotAllowed (cores quota)', expected: 'The message says the quota is exhausted and how to fix it; 0 orphaned resources' }, async () => {
        const baseline = world.inventory();
        world.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/[^/]+$/, armError: { status: 409, code: 'OperationNotAllowed', message: 'Operation could not be completed as it results in exceeding approved standardBSFamily Cores quota. Current Limit: 4, Current Usage: 4, Additional Required: 2.' } });
        const outcome = await world.create('quota');
        world.assertCleanFailure(outcome, baseline, /exceeding approved standardBSFamily Cores quota/);
        const d = describeAzureError(!outcome.ok && outcome.error, 'creating Docker host quota', world.cloud.resourceManagerEndpoint);
        assert.equal(d.kind, 'quota');
        assert.match(d.fix ?? '', /smaller VM size or another region, or request a quota increase/);
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'SKU not available in the region', fault: 'The VM PUT answers 409 SkuNotAvailable', expected: 'The create fails naming the size and region; 0 orphaned resources' }, async () => {
        const baseline = world.inventory();
        world.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/[^/]+$/, armError: { status: 409, code: 'SkuNotAvailable', message: "The requested size for resource 'sku' is currently not available in location 'eastus'. Please try another size or deploy to a different location." } });
        world.assertCleanFailure(await world.create('sku'), baseline, /currently not available in location 'eastus'/);
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'The extension step fails', fault: 'The setup extension\'s operation ends Failed', expected: 'The create fails with the VM agent\'s message; 0 orphaned resources, no key files' }, async () => {
        const baseline = world.inventory();
        world.emulator.faults.add({ method: 'PUT', path: /extensions\/[^/]+$/, lroFailed: { code: 'VMExtensionProvisioningError', message: "VM has reported a failure when processing extension 'docker-tls-setup'." } });
        world.assertCleanFailure(await world.create('extfail'), baseline, /failure when processing extension 'docker-tls-setup'/);
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'The engine never answers', fault: 'The VM comes up but its engine never listens', expected: 'After the readiness timeout the message says what was tried; everything is deleted' }, async () => {
        const baseline = world.inventory();
        world.enginesOn = false;
        world.assertCleanFailure(await world.create('noengine', { engineTimeoutMs: 2000 }), baseline, /did not answer a TLS \/_ping within 2 s \(\d+ tries; last error: .*ECONNREFUSED/);
    });

    for (const node of nodeIds.filter((n) => n !== 'resourceGroup')) {
        scenario({ area: 'Create failures', kind: node === 'engineReady' ? 'emulator+dockerd' : 'emulator', name: `Cancel while "${node}" runs`, fault: `The user cancels as the ${node} node starts`, expected: 'The outcome is "cancelled"; 0 orphaned resources, no key files' }, async () => {
            const baseline = world.inventory();
            const abort = new AbortController();
            const outcome = await world.create(`cancel-${node.toLowerCase()}`, { signal: abort.signal, onEvent: (e) => e.type === 'start' && e.nodeId === node && abort.abort(new Error('Cancelled by the user.')) });
            world.assertCleanFailure(outcome, baseline, /Cancelled by the user/);
            assert.ok(!outcome.ok && outcome.cancelled);
        });
    }

    // Cancelled as it starts, the first node has created nothing, so "nothing left" would hold even
    // with no rollback at all: the cancel lands once ARM has made the group but before it answered.
    scenario({ area: 'Create failures', kind: 'emulator', name: 'Cancel while "resourceGroup" runs', fault: 'The user cancels after ARM created the resource group, before its PUT answered', expected: 'The outcome is "cancelled"; the group this run created is deleted; nothing else was created; no key files' }, async () => {
        const baseline = world.inventory();
        const group = `/subscriptions/${world.subscription.subscriptionId}/resourceGroups/cancel-rg-rg`;
        world.emulator.faults.add({ method: 'PUT', path: /\/resourcegroups\/cancel-rg-rg$/i, holdAnswerMs: 3000, once: true });
        const abort = new AbortController();
        let existedAtCancel = false;
        const cancelOnceCreated = async () => {
            while (!abort.signal.aborted) {
                if (Object.keys(world.inventory(group)).length > 0) {
                    existedAtCancel = true;
                    abort.abort(new Error('Cancelled by the user.'));
                }
                await new Promise((resolve) => setTimeout(resolve, 5));
            }
        };
        const since = world.emulator.requestLog.length;
        const outcome = await world.create('cancel-rg', { signal: abort.signal, onEvent: (e) => void (e.type === 'start' && e.nodeId === 'resourceGroup' && cancelOnceCreated()) });
        assert.ok(existedAtCancel, 'the cancel did not land while the group existed unanswered');
        world.assertCleanFailure(outcome, baseline, /Cancelled by the user/);
        assert.ok(!outcome.ok && outcome.cancelled);
        const writes = world.emulator.requestLog.slice(since).filter((r) => r.method !== 'GET' && r.path.startsWith('/subscriptions/')).map((r) => `${r.method} ${r.path.toLowerCase()}`);
        assert.deepEqual(writes, [`PUT ${group.toLowerCase()}`, `DELETE ${group.toLowerCase()}`], 'what the run wrote');
    });

    scenario({ area: 'Create failures', kind: 'emulator+dockerd', name: 'Two creates at once, same name', fault: 'Two runs create "twin" at the same moment', expected: 'One succeeds; the other fails saying the resources already exist, and deletes nothing of the first' }, async () => {
        const baseline = world.inventory();
        const group = `/subscriptions/${world.subscription.subscriptionId}/resourceGroups/twin-rg`;
        // The winner's resources as they were when its create finished, to compare once both ended.
        let atWin: Inventory = {};
        const run = (id: string) => world.create('twin', { plan: { provisioningId: id } }).then((o) => ((atWin = o.ok ? world.inventory(group) : atWin), o));
        const [a, b] = await Promise.all([run('twin-a'), run('twin-b')]);
        const winners = [a, b].filter((o) => o.ok);
        const losers = [a, b].filter((o) => !o.ok);
        assert.equal(winners.length, 1, `expected exactly one success: ${[a, b].map((o) => (o.ok ? 'ok' : String(o.error))).join(' | ')}`);
        const loser = losers[0];
        assert.ok(!loser.ok);
        // The resource group has no create-only PUT, so the loser may have written to it after the
        // winner made it: then it must say so (overwrote), and still delete nothing of the winner's.
        assert.match(String((loser.error as Error).message), /already exists|created by someone else|appeared in Azure while this run was creating it.*overwrote it/);
        const winner = winners[0];
        assert.ok(winner.ok);
        const [winnerId, loserId] = winner === a ? ['twin-a', 'twin-b'] : ['twin-b', 'twin-a'];
        // The loser changed nothing of the winner's, before or after the winner finished.
        assertInventory(world.inventory(group), atWin, 'the winner\'s resources after the loser ended');
        // Everything carries the winner's tag; only the group may carry the loser's, and only when the loser said it overwrote it.
        const overwroteGroup = /resource group twin-rg appeared .* overwrote it: its tags were replaced/.test((loser.error as Error).message);
        for (const [id, body] of Object.entries(atWin)) {
            const tags = (body as { tags: Record<string, string> }).tags;
            const owner = overwroteGroup && id === group.toLowerCase() ? loserId : winnerId;
            assert.ok(Object.keys(tags).length === 0 || tags['azure-docker-hosts:provisioning'] === owner, `${id} is tagged ${JSON.stringify(tags)}, not as run ${owner}'s`);
        }
        // The survivor is intact: its engine answers with its saved material.
        assert.ok(existsSync(winner.dir));
        await pingEngine({ address: winner.host.address.ipAddress, port: 2376, tls: await readClientMaterial(winner.dir) }, 5000);
        await world.deleteGroup('twin-rg');
        assertInventory(world.inventory(), baseline, 'Azure after the host was deleted');
    });

    scenario({ area: 'Create failures', kind: 'emulator+dockerd', name: 'Two creates at once, different names', fault: 'Two runs create "left" and "right" at the same moment', expected: 'Both succeed and both engines answer' }, async () => {
        const [a, b] = await Promise.all([world.create('left'), world.create('right')]);
        for (const o of [a, b]) {
            assert.ok(o.ok, String(!o.ok && o.error));
            await pingEngine({ address: o.host.address.ipAddress, port: 2376, tls: await readClientMaterial(o.dir) }, 5000);
        }
        await Promise.all([world.deleteGroup('left-rg'), world.deleteGroup('right-rg')]);
    });
});
