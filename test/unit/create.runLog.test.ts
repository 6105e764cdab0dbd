import * as assert from 'node:assert/strict';
import { createRunLog } from '../../src/azure/create/createRunLog';
import type { CreateHostPlan } from '../../src/azure/create/plan';

const plan = { name: 'box', location: 'eastus', provisioningId: 'run-1', tlsPort: 2376 } as CreateHostPlan;

describe('create run log', () => {
    const lines: string[] = [];
    const log = createRunLog({ info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) }, plan, 'https://management.azure.com/');
    beforeEach(() => lines.splice(0));

    it('writes one line per node event, errors described rather than dumped', () => {
        const error = Object.assign(new Error('The NSG service had an internal error.'), { statusCode: 500, request: { body: '-----BEGIN PRIVATE KEY-----' } });
        log.event({ type: 'start', nodeId: 'nsg', label: 'NSG box-nsg', ms: 0, at: 0 });
        log.event({ type: 'fail', nodeId: 'nsg', label: 'NSG box-nsg', ms: 1500, at: 1500, error });
        log.event({ type: 'rollbackEnd', nodeId: 'resourceGroup', label: 'resource group box-rg', ms: 200, at: 1700 });
        assert.deepEqual(lines, [
            'info [box] start NSG box-nsg',
            'error [box] failed NSG box-nsg after 1.5 s: Failed while NSG box-nsg: The NSG service had an internal error.',
            'info [box] deleted resource group box-rg in 0.2 s',
        ]);
    });

    it('a failure says what was deleted and what was not, and returns the logged text', () => {
        const message = log.failed({ ok: false, cancelled: false, error: new Error('boom'), rollback: { deleted: ['resource group box-rg'], failedToDelete: [{ label: 'public IP box-ip', error: new Error('x') }] }, dir: '/x', ms: 1 });
        assert.deepEqual(lines, [`error ${message}`]);
        assert.match(message, /^Failed while creating Docker host box: boom Deleted what this run had created: resource group box-rg\. Could NOT delete: public IP box-ip; .* The local TLS material was removed\.$/);
    });

    it('a cancel is a warning', () => {
        const message = log.failed({ ok: false, cancelled: true, error: new Error('Cancelled by the user.'), rollback: { deleted: [], failedToDelete: [] }, dir: '/x', ms: 1 });
        assert.deepEqual(lines, ['warn Creating Docker host box was cancelled. Nothing had been created in Azure. The local TLS material was removed.']);
        assert.equal(`warn ${message}`, lines[0]);
    });
});
