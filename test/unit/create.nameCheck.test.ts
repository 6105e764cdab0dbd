import * as assert from 'node:assert/strict';
import { describeClash, NameClashError, renamePlan } from '../../src/azure/create/nameCheck';
import type { CreateHostPlan } from '../../src/azure/create/plan';

const plan = { name: 'hj1', resourceGroup: 'hj1-rg', createResourceGroup: true } as CreateHostPlan;

describe('create/nameCheck', () => {
    it('renames the host, and a new resource group named after it follows', () => {
        assert.deepEqual(renamePlan(plan, 'hj1-2'), { name: 'hj1-2', resourceGroup: 'hj1-2-rg', createResourceGroup: true });
    });

    it('keeps a resource group the user chose', () => {
        assert.equal(renamePlan({ ...plan, resourceGroup: 'team', createResourceGroup: false }, 'hj1-2').resourceGroup, 'team');
        assert.equal(renamePlan({ ...plan, resourceGroup: 'mine' }, 'hj1-2').resourceGroup, 'mine');
    });

    it('names every clash, says nothing changed, and offers the free name', () => {
        const error = new NameClashError([{ kind: 'networkSecurityGroup', name: 'hj1-nsg' }, { kind: 'publicIPAddress', name: 'hj1-ip' }], 'hj1-2');
        assert.equal(error.message, 'These names are already in use in Azure: network security group hj1-nsg, public IP address hj1-ip. Nothing was created or changed. The name hj1-2 is free.');
        assert.equal(describeClash({ kind: 'dnsLabel', name: 'hj1.eastus' }), 'DNS label hj1.eastus');
    });
});
