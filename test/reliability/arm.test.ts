import * as assert from 'node:assert/strict';
import { createArmClients } from '../../src/azure/armClients';
import { describeAzureError } from '../../src/azure/describeError';
import { listDockerHosts } from '../../src/azure/discovery';
import { environmentSource } from '../../src/azure/credentialSources';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

const vmList = /\/providers\/Microsoft\.Compute\/virtualMachines$/;
const where = 'listing Docker hosts in subscription "Emulator Subscription"';

describe('ARM faults', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    scenario({ area: 'ARM faults', kind: 'emulator+dockerd', name: '429 with Retry-After on a list', fault: 'The VM list answers 429 once, with Retry-After', expected: 'The SDK waits and retries; the hosts are listed and the user sees no error' }, async () => {
        const created = await world.create('listed');
        assert.ok(created.ok, String(!created.ok && created.error));
        const fault = world.emulator.faults.add({ method: 'GET', path: vmList, status: 429, retryAfterMs: 10, once: true });
        const since = world.emulator.requestLog.length;
        const hosts = await listDockerHosts(await world.clients());
        assert.deepEqual(hosts.map((h) => h.id.toLowerCase()), [created.host.vmId.toLowerCase()]);
        assert.equal(fault.hits, 1);
        // The refused request was asked again, and that answer is the one listed.
        const lists = world.emulator.requestLog.slice(since).filter((r) => r.method === 'GET' && vmList.test(r.path));
        const refused = lists.findIndex((r) => r.status === 429 && r.fault === 'status');
        assert.ok(refused >= 0, 'no VM list was answered 429');
        assert.ok(lists.slice(refused + 1).some((r) => r.query === lists[refused].query && r.status === 200), 'the refused list was not retried');
        await world.deleteGroup('listed-rg');
    });

    scenario({ area: 'ARM faults', kind: 'emulator+dockerd', name: '429 with Retry-After on a PUT during create', fault: 'The NSG PUT answers 429 once', expected: 'The create succeeds without an error; 0 resources left after the host is deleted' }, async () => {
        const baseline = world.inventory();
        const fault = world.emulator.faults.add({ method: 'PUT', path: /networkSecurityGroups\/[^/]+$/, status: 429, retryAfterMs: 10, once: true });
        const outcome = await world.create('r429');
        assert.ok(outcome.ok, String(!outcome.ok && outcome.error));
        assert.equal(fault.hits, 1);
        await world.deleteGroup('r429-rg');
        assertInventory(world.inventory(), baseline, 'Azure after the host was deleted');
    });

    scenario({ area: 'ARM faults', kind: 'emulator+dockerd', name: '500 on a PUT, once', fault: 'The virtual network PUT answers 500 once', expected: 'The SDK retries and the create succeeds' }, async () => {
        const fault = world.emulator.faults.add({ method: 'PUT', path: /virtualNetworks\/[^/]+$/, status: 500, once: true });
        const outcome = await world.create('r500once');
        assert.ok(outcome.ok, String(!outcome.ok && outcome.error));
        assert.equal(fault.hits, 1);
        await world.deleteGroup('r500once-rg');
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: '500 on a PUT, every time', fault: 'The NSG PUT always answers 500 InternalServerError', expected: 'After the SDK\'s retries the create fails naming the error; everything it created is deleted' }, async () => {
        const baseline = world.inventory();
        const fault = world.emulator.faults.add({ method: 'PUT', path: /networkSecurityGroups\/[^/]+$/, status: 500, code: 'InternalServerError', message: 'The NSG service had an internal error.' });
        world.assertCleanFailure(await world.create('r500'), baseline, /internal error/);
        // The SDK's default retry policy (core-rest-pipeline's DEFAULT_RETRY_POLICY_COUNT, 3 retries): no fewer, and no retries of our own on top.
        assert.equal(fault.hits, 1 + 3, 'attempts of the NSG PUT');
    }, 120_000);

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'LRO ends Failed', fault: 'The NIC\'s long-running operation ends Failed', expected: 'The create fails with ARM\'s message; 0 orphaned resources, no key files' }, async () => {
        const baseline = world.inventory();
        world.emulator.faults.add({ method: 'PUT', path: /networkInterfaces\/[^/]+$/, lroFailed: { code: 'NetworkingInternalOperationError', message: 'An unexpected error occured while processing the network profile.' } });
        world.assertCleanFailure(await world.create('rlro'), baseline, /unexpected error occured while processing the network profile/);
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'A list that hangs', fault: 'The VM list never answers', expected: 'The request times out with a message naming the call and the limit, and how to raise it' }, async () => {
        world.emulator.faults.add({ method: 'GET', path: vmList, hang: true });
        const error = await listDockerHosts(await world.clients(1500)).then(() => undefined, (e: unknown) => e);
        const d = describeAzureError(error, where, world.cloud.resourceManagerEndpoint);
        assert.match(d.cause, /^Azure did not answer GET \/subscriptions\/.*\/virtualMachines within 2 s while listing Docker hosts/);
        assert.match(d.fix ?? '', /azureRequestTimeoutSeconds/);
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'A PUT that hangs during create', fault: 'The VM PUT never answers', expected: 'The create fails with the timeout message; everything it created is deleted' }, async () => {
        const baseline = world.inventory();
        world.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/[^/]+$/, hang: true });
        world.assertCleanFailure(await world.create('rhang', { requestTimeoutMs: 1500 }), baseline, /Azure did not answer PUT .*virtualMachines\/rhang within 2 s/);
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'Connection reset mid-response', fault: 'The VM list\'s connection is cut after the status line', expected: 'The listing fails with a message naming the broken connection' }, async () => {
        world.emulator.faults.add({ method: 'GET', path: vmList, reset: true });
        const error = await listDockerHosts(await world.clients()).then(() => undefined, (e: unknown) => e);
        assert.ok(error, 'the listing succeeded');
        const d = describeAzureError(error, where, world.cloud.resourceManagerEndpoint);
        assert.equal(d.kind, 'network');
        assert.match(d.cause, /connection to Azure at .* was cut off while listing Docker hosts/);
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'Revoked token', fault: 'Every token the emulator issued is revoked', expected: 'The error asks the user to sign in again' }, async () => {
        const clients = await world.clients();
        await listDockerHosts(clients);
        world.emulator.tokens.revokeAll('hard');
        const error = await listDockerHosts(clients).then(() => undefined, (e: unknown) => e);
        const d = describeAzureError(error, where, world.cloud.resourceManagerEndpoint);
        assert.equal(d.kind, 'signIn');
        assert.match(d.fix ?? '', /Sign in again/);
    });

    scenario({ area: 'ARM faults', kind: 'emulator', name: 'Expired token', fault: 'Every token the emulator issued expires while the credential still holds it', expected: 'The error asks the user to sign in again' }, async () => {
        const [subscription] = await environmentSource(world.cloud, process.env).listSubscriptions();
        const clients = await createArmClients(world.cloud, subscription.credential, subscription.subscriptionId);
        await listDockerHosts(clients);
        world.emulator.tokens.expireAll();
        const error = await listDockerHosts(clients).then(() => undefined, (e: unknown) => e);
        const d = describeAzureError(error, where, world.cloud.resourceManagerEndpoint);
        assert.equal(d.kind, 'signIn');
        assert.match(d.cause, /did not accept your sign-in/);
    });
});
