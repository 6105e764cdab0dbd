/**
 * The request log policy on the real SDK clients against the emulator: one line per ARM request
 * with ARM's ids, failures at error level, one correlation id for an action's requests (ARM echoes
 * it), and nothing of the token, the query or the body.
 */
import * as assert from 'node:assert/strict';
import { createArmClients, type ArmClients } from '../../src/azure/armClients';
import { azureSupportId, tagWithCorrelation, withAzureCorrelation } from '../../src/azure/requestLog';
import { startCreateWorld, type CreateWorld } from './createWorld';

describe('ARM request log (real SDK, emulator)', function () {
    this.timeout(60_000);
    let world: CreateWorld;
    let clients: ArmClients;
    const lines: string[] = [];
    const log = { trace: (m: string) => lines.push(`trace ${m}`), debug: (m: string) => lines.push(`debug ${m}`), error: (m: string) => lines.push(`error ${m}`) };
    const guid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

    before(async () => {
        world = await startCreateWorld();
        clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId, { log });
    });
    after(() => world?.stop());
    beforeEach(() => {
        lines.splice(0);
        world.emulator.faults.clear();
    });

    it('logs each request at debug with method, path, status, duration and both ids; the action\'s id is sent and echoed', async () => {
        const sent = await withAzureCorrelation(async (id) => {
            await clients.resources.resourceGroups.list().next();
            return id;
        });
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0], new RegExp(`^debug Azure answered GET /subscriptions/${world.subscription.subscriptionId}/resourcegroups with 200 in \\d+ ms \\(x-ms-request-id ${guid}, x-ms-correlation-request-id ${sent}\\)\\.$`, 'i'));
    });

    it('logs a refused request at error level, and the error names the correlation id for Azure support', async () => {
        world.emulator.faults.add({ method: 'GET', path: '/resourcegroups$', armError: { status: 403, code: 'AuthorizationFailed', message: 'The client does not have authorization.' } });
        let sent = '';
        const error = await withAzureCorrelation(async (id) => {
            sent = id;
            return clients.resources.resourceGroups.list().next().then(() => undefined, (e: unknown) => e);
        });
        assert.ok(error, 'the listing should have failed');
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0], new RegExp(`^error Azure answered GET /subscriptions/[^ ]+/resourcegroups with 403 in \\d+ ms \\(x-ms-request-id ${guid}, x-ms-correlation-request-id ${sent}\\)\\.$`, 'i'));
        assert.equal(azureSupportId(error), sent);
    });

    it('a failed long-running operation (no response on the error) gets the id of the action that sent its requests', async () => {
        await clients.resources.resourceGroups.createOrUpdate('log-rg', { location: 'eastus' });
        world.emulator.faults.add({ method: 'PUT', path: '/publicIPAddresses/[^/]+$', lroFailed: { code: 'InternalServerError', message: 'The public IP could not be created.' } });
        lines.splice(0);
        let sent = '';
        const error = await withAzureCorrelation(async (id) => {
            sent = id;
            try {
                await clients.network.publicIPAddresses.beginCreateOrUpdateAndWait('log-rg', 'log-ip', { location: 'eastus' }, { updateIntervalInMs: 10 });
                return undefined;
            } catch (e) {
                tagWithCorrelation(e, id);
                return e;
            }
        });
        assert.match(String(error), /long-running operation has failed/);
        assert.equal(azureSupportId(error), sent);
        assert.ok(lines.length >= 2, `the PUT and its polls: ${lines.join('\n')}`);
        for (const line of lines) {
            assert.ok(line.includes(`x-ms-correlation-request-id ${sent}`), line);
        }
        // An error that Azure had no part in names no id.
        assert.equal(azureSupportId(Object.assign(new Error('local'), {})), undefined);
    });

    it('never logs the token, the client secret, the query or a request body', async () => {
        const token = (await world.subscription.credential.getToken(`${world.cloud.resourceManagerEndpoint}/.default`))!.token;
        await withAzureCorrelation(async () => {
            await clients.resources.resourceGroups.createOrUpdate('secret-rg', { location: 'eastus', tags: { note: 'body-marker-4711' } });
        });
        const text = lines.join('\n');
        assert.ok(lines.length > 0);
        for (const secret of [token, process.env.AZURE_CLIENT_SECRET!, 'Bearer', 'api-version', 'body-marker-4711']) {
            assert.ok(!text.includes(secret), `the log holds ${secret.slice(0, 12)}…:\n${text}`);
        }
    });
});
