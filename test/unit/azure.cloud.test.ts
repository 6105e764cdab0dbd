import * as assert from 'node:assert/strict';
import { CloudConfigError, resolveCloud } from '../../src/azure/cloud';

describe('resolveCloud', () => {
    it('defaults to the public cloud with its management scope', () => {
        const cloud = resolveCloud(undefined, undefined);
        assert.equal(cloud.resourceManagerEndpoint, 'https://management.azure.com');
        assert.equal(cloud.armScope, 'https://management.azure.com/.default');
        assert.equal(cloud.isCustom, false);
    });

    it('knows the sovereign clouds by the names VS Code uses', () => {
        assert.equal(resolveCloud('ChinaCloud', undefined).resourceManagerEndpoint, 'https://management.chinacloudapi.cn');
        assert.equal(resolveCloud('USGovernment', undefined).activeDirectoryEndpoint, 'https://login.microsoftonline.us');
    });

    it('reads a custom cloud from customEnvironment, trimming trailing slashes', () => {
        const cloud = resolveCloud('custom', {
            name: 'Lab',
            resourceManagerEndpointUrl: 'https://arm.lab.example/',
            activeDirectoryEndpointUrl: 'https://login.lab.example/',
            activeDirectoryResourceId: 'https://arm.lab.example/',
            portalUrl: 'https://portal.lab.example/',
        });
        assert.equal(cloud.resourceManagerEndpoint, 'https://arm.lab.example');
        assert.equal(cloud.activeDirectoryEndpoint, 'https://login.lab.example');
        assert.equal(cloud.armScope, 'https://arm.lab.example/.default');
        assert.equal(cloud.portalUrl, 'https://portal.lab.example');
        assert.equal(cloud.isCustom, true);
    });

    it('uses the ARM endpoint as the token audience when no resource id is given', () => {
        const cloud = resolveCloud('custom', { resourceManagerEndpointUrl: 'https://127.0.0.1:9/', activeDirectoryEndpointUrl: 'https://127.0.0.1:9' });
        assert.equal(cloud.armScope, 'https://127.0.0.1:9/.default');
    });

    it('names the missing fields of an incomplete custom cloud', () => {
        assert.throws(() => resolveCloud('custom', { resourceManagerEndpointUrl: 'https://x' }), (e: Error) => e instanceof CloudConfigError && /activeDirectoryEndpointUrl/.test(e.message));
    });

    it('rejects an unknown cloud name with the allowed values', () => {
        assert.throws(() => resolveCloud('Mars', undefined), /Unknown cloud "Mars".*ChinaCloud, USGovernment, custom/);
    });
});
