import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    contextExists,
    contextNameForHost,
    contextPaths,
    currentContext,
    defaultDockerConfigDir,
    DockerContextExistsError,
    findContextsForHost,
    removeContext,
    updateContextTls,
    useContext,
    validateContextName,
    writeDockerContext,
} from '../../src/docker/cliContexts';
import { cliContextTarget } from '../../src/host/dockerHost';

const tls = { ca: 'CA PEM\n', cert: 'CERT PEM\n', key: 'KEY PEM\n' };
const vmId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/dock1';

describe('docker CLI contexts in the CLI\'s own store', () => {
    let config: string;
    beforeEach(() => {
        config = mkdtempSync(join(tmpdir(), 'adh-ctx-'));
    });
    afterEach(() => rmSync(config, { recursive: true, force: true }));

    const write = (overrides: Partial<Parameters<typeof writeDockerContext>[0]> = {}, overwrite = false) =>
        writeDockerContext({ name: 'azure-dock1', description: 'Azure Docker host dock1', host: 'tcp://203.0.113.9:2376', tls, vmId, ...overrides }, { configDir: config, overwrite });

    it('writes meta.json under the SHA-256 of the name, in the CLI\'s field names', async () => {
        await write();
        const id = createHash('sha256').update('azure-dock1').digest('hex');
        assert.deepEqual(readdirSync(join(config, 'contexts', 'meta')), [id]);
        const meta = JSON.parse(readFileSync(join(config, 'contexts', 'meta', id, 'meta.json'), 'utf8'));
        assert.deepEqual(meta, {
            Name: 'azure-dock1',
            Metadata: { Description: 'Azure Docker host dock1', AzureDockerHostsVmId: vmId },
            Endpoints: { docker: { Host: 'tcp://203.0.113.9:2376', SkipTLSVerify: false } },
        });
    });

    it('writes ca.pem, cert.pem and key.pem under tls/<sha256>/docker, 0600 in 0700 folders, with nothing else', async () => {
        const paths = await write();
        assert.equal(paths.endpointTlsDir, join(config, 'contexts', 'tls', createHash('sha256').update('azure-dock1').digest('hex'), 'docker'));
        assert.deepEqual(readdirSync(paths.endpointTlsDir).sort(), ['ca.pem', 'cert.pem', 'key.pem']);
        assert.equal(readFileSync(join(paths.endpointTlsDir, 'key.pem'), 'utf8'), tls.key);
        for (const file of ['ca.pem', 'cert.pem', 'key.pem']) {
            assert.equal(statSync(join(paths.endpointTlsDir, file)).mode & 0o777, 0o600, file);
        }
        assert.equal(statSync(paths.endpointTlsDir).mode & 0o777, 0o700);
        assert.equal(statSync(paths.tlsDir).mode & 0o777, 0o700);
        assert.deepEqual(readdirSync(paths.metaDir), ['meta.json'], 'no temporary file is left');
    });

    it('refuses to overwrite an existing context unless asked to, and then replaces it', async () => {
        await write();
        assert.equal(await contextExists('azure-dock1', config), true);
        await assert.rejects(write({ host: 'tcp://198.51.100.1:2376' }), DockerContextExistsError);
        assert.match(readFileSync(contextPaths('azure-dock1', config).metaFile, 'utf8'), /203\.0\.113\.9/);
        await write({ host: 'tcp://198.51.100.1:2376', tls: { ...tls, key: 'NEW KEY\n' } }, true);
        assert.match(readFileSync(contextPaths('azure-dock1', config).metaFile, 'utf8'), /198\.51\.100\.1/);
        assert.equal(readFileSync(join(contextPaths('azure-dock1', config).endpointTlsDir, 'key.pem'), 'utf8'), 'NEW KEY\n');
    });

    it('derives the name from the host and rejects names the CLI would', () => {
        assert.equal(contextNameForHost('dock1'), 'azure-dock1');
        assert.equal(contextNameForHost('My Host'), 'azure-my-host');
        assert.equal(validateContextName('azure-dock1'), undefined);
        assert.match(validateContextName('default') ?? '', /built-in/);
        assert.match(validateContextName('-x') ?? '', /not a valid docker context name/);
        assert.match(validateContextName('a') ?? '', /not a valid/);
        assert.match(validateContextName('a/b') ?? '', /not a valid/);
    });

    it('Use Context sets currentContext and keeps every other key of config.json', async () => {
        await write();
        writeFileSync(join(config, 'config.json'), JSON.stringify({ auths: { 'registry.example': { auth: 'eDp5' } }, credsStore: 'pass', currentContext: 'other' }));
        await useContext('azure-dock1', config);
        assert.deepEqual(JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')), { auths: { 'registry.example': { auth: 'eDp5' } }, credsStore: 'pass', currentContext: 'azure-dock1' });
        assert.equal(await currentContext(config), 'azure-dock1');
        await assert.rejects(useContext('azure-nosuch', config), /does not exist/);
        await useContext('default', config);
        assert.equal(await currentContext(config), undefined);
    });

    it('Use Context creates config.json when there is none, and refuses to clobber one that is not JSON', async () => {
        await write();
        await useContext('azure-dock1', config);
        assert.deepEqual(JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')), { currentContext: 'azure-dock1' });
        writeFileSync(join(config, 'config.json'), '{ not json');
        await assert.rejects(useContext('azure-dock1', config), /is not a JSON object.*Fix or remove it/);
        assert.equal(readFileSync(join(config, 'config.json'), 'utf8'), '{ not json');
    });

    it('removes a context, and clears currentContext when it was the current one', async () => {
        await write();
        await useContext('azure-dock1', config);
        assert.equal(await removeContext('azure-dock1', config), true);
        assert.equal(await contextExists('azure-dock1', config), false);
        assert.deepEqual(readdirSync(join(config, 'contexts', 'meta')), []);
        assert.deepEqual(readdirSync(join(config, 'contexts', 'tls')), []);
        assert.equal(await currentContext(config), undefined);
        assert.equal(await removeContext('azure-dock1', config), false);
    });

    it('finds the contexts made for a VM, and replaces their TLS files', async () => {
        await write();
        await write({ name: 'my-own-name' });
        await write({ name: 'other-host', vmId: vmId.replace('dock1', 'dock2') });
        await write({ name: 'no-marker', vmId: undefined });
        assert.deepEqual(await findContextsForHost(vmId.toUpperCase(), config), ['azure-dock1', 'my-own-name']);
        await updateContextTls('my-own-name', { ca: 'CA2', cert: 'CERT2', key: 'KEY2' }, config);
        assert.equal(readFileSync(join(contextPaths('my-own-name', config).endpointTlsDir, 'cert.pem'), 'utf8'), 'CERT2');
        await assert.rejects(updateContextTls('nosuch', tls, config), /does not exist/);
    });

    it('builds a host\'s context from its row: derived name, engine endpoint (IP first), VM id', () => {
        const host = { id: vmId, name: 'dock1', subscriptionId: 's', resourceGroup: 'rg', location: 'eastus', size: 'Standard_B2s', image: 'x', powerState: 'running' as const, fqdn: 'dock1.eastus.cloudapp.azure.com', publicIp: '203.0.113.9', tlsPort: 2376, engineAccess: 'tls' as const, legacy: false, tags: {} };
        assert.equal(contextNameForHost(host.name), 'azure-dock1');
        assert.deepEqual(cliContextTarget(host), { description: 'Azure Docker host dock1 (rg, eastus)', host: 'tcp://203.0.113.9:2376', vmId });
        assert.throws(() => cliContextTarget({ ...host, fqdn: undefined, publicIp: undefined }), /no public IP address/);
    });

    it('uses $DOCKER_CONFIG, else ~/.docker', () => {
        assert.equal(defaultDockerConfigDir({ DOCKER_CONFIG: '/x/docker' }, '/home/u'), '/x/docker');
        assert.equal(defaultDockerConfigDir({}, '/home/u'), join('/home/u', '.docker'));
    });
});
