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
            'info [box] NSG box-nsg: started.',
            'error [box] NSG box-nsg: failed after 1.5 s. The NSG service had an internal error.',
            'info [box] Deleted resource group box-rg in 0.2 s.',
        ]);
    });

    it('a failed step reads as sentences: the step, then what Azure said, without the SDK\'s wrapping', () => {
        const error = new Error("The long-running operation has failed. VMExtensionProvisioningError. VM has reported a failure when processing extension 'docker-setup' (publisher 'Microsoft.Azure.Extensions' and type 'CustomScript'). Error message: 'Enable failed: failed to execute command: command terminated with exit status=1\n[stdout]\n...'. More information on troubleshooting is available at https://aka.ms/VMExtensionCSELinuxTroubleshoot.");
        log.event({ type: 'fail', nodeId: 'setupExtension', label: 'Docker TLS setup on the VM', ms: 2200, at: 9000, error });
        assert.deepEqual(lines, ['error [box] Docker TLS setup on the VM: failed after 2.2 s. Enable failed: failed to execute command: command terminated with exit status=1.']);
    });

    it('the notification leads with the cause and the outcome in plain words; the details are in the log', () => {
        const error = new Error("The long-running operation has failed. VMExtensionProvisioningError. VM has reported a failure when processing extension 'docker-setup' (publisher 'Microsoft.Azure.Extensions' and type 'CustomScript'). Error message: 'Enable failed: the script exited with 1'. More information on troubleshooting is available at https://aka.ms/x.");
        const message = log.failed({ ok: false, cancelled: false, error, failedStep: 'Docker TLS setup on the VM', rollback: { deleted: ['Virtual machine box', 'Resource group box-rg'], failedToDelete: [] }, dir: '/x', ms: 1 });
        assert.equal(message, 'Docker TLS setup on the VM failed: Enable failed: the script exited with 1. Everything this create made was deleted.');
        assert.equal(lines.length, 1);
        assert.match(lines[0], /^error Docker host box was not created\. .*Deleted what this run had created: Virtual machine box, Resource group box-rg\. The local TLS material was removed\.$/);
    });

    it('a failure that left resources says so, and the log names each', () => {
        const message = log.failed({ ok: false, cancelled: false, error: new Error('boom'), failedStep: 'Public IP address box-ip', rollback: { deleted: ['resource group box-rg'], failedToDelete: [{ label: 'public IP box-ip', error: new Error('x') }] }, dir: '/x', ms: 1 });
        assert.equal(message, 'Public IP address box-ip failed: boom. Some of what it made could not be deleted (public IP box-ip): delete it in the Azure portal.');
        assert.match(lines[0], /^error Docker host box was not created\. Failed while creating Docker host box: boom Deleted what this run had created: resource group box-rg\. Could NOT delete: public IP box-ip; .* The local TLS material was removed\.$/);
    });

    it('a cancel is a warning', () => {
        const message = log.failed({ ok: false, cancelled: true, error: new Error('Cancelled by the user.'), rollback: { deleted: [], failedToDelete: [] }, dir: '/x', ms: 1 });
        assert.deepEqual(lines, ['warn Creating Docker host box was cancelled. Nothing had been created in Azure. The local TLS material was removed.']);
        assert.equal(message, 'Creating Docker host box was cancelled. Nothing had been created in Azure.');
    });
});
