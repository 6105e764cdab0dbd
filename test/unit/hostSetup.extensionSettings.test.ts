import * as assert from 'node:assert/strict';
import { buildSetupExtension } from '../../src/hostSetup/extensionSettings';
import { parseSetupScript } from '../emulator/setupExtension';
import { renderSetupScript } from '../../src/hostSetup/setupScript';
import { createCa, issueServerCert } from '../../src/tls/certificates';

describe('hostSetup/extensionSettings and decodeSetupExtension', () => {
    const input = {
        port: 2376,
        caPem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
        serverCertPem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n',
        serverKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n',
    };

    it('uses CustomScript 2.1 and puts the script only in protectedSettings', () => {
        const ext = buildSetupExtension(input);
        assert.equal(ext.publisher, 'Microsoft.Azure.Extensions');
        assert.equal(ext.type, 'CustomScript');
        assert.equal(ext.typeHandlerVersion, '2.1');
        assert.equal(ext.autoUpgradeMinorVersion, true);
        assert.deepEqual(ext.settings, {});
        assert.doesNotMatch(JSON.stringify(ext.settings), /PRIVATE|BEGIN|S0VZ/);
        assert.equal(Buffer.from(ext.protectedSettings.script, 'base64').toString('utf8'), renderSetupScript(input));
    });

    it('round-trips through parseSetupScript', () => {
        assert.deepEqual(parseSetupScript(buildSetupExtension(input).protectedSettings), input);
    });

    it('round-trips real certificates on a non-default port', async () => {
        const ca = await createCa('ca');
        const server = await issueServerCert(ca, { commonName: 'h', dnsNames: ['h.example'], ipAddresses: ['127.0.0.1'] });
        const real = { port: 40123, caPem: ca.certPem, serverCertPem: server.certPem, serverKeyPem: server.keyPem };
        assert.deepEqual(parseSetupScript(buildSetupExtension(real).protectedSettings), real);
    });

    it('refuses protected settings without a setup script', () => {
        assert.throws(() => parseSetupScript(undefined), /missing/);
        assert.throws(() => parseSetupScript({ commandToExecute: 'x' }), /missing/);
        assert.throws(() => parseSetupScript({ script: Buffer.from('#!/bin/bash\necho hi\n').toString('base64') }), /port/);
    });
});
