import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { CreateOutcome } from '../../src/azure/create/createDockerHost';
import { createRunLog, type LogSink } from '../../src/azure/create/createRunLog';
import { parseSourceAddress } from '../../src/azure/create/parseSourceAddress';
import { lookupPublicIp } from '../../src/azure/create/publicIpLookup';
import { createCa, issueClientCert } from '../../src/tls/certificates';
import { readClientMaterial } from '../../src/tls/storage';
import { scenario } from './scenario';
import { startReliabilityWorld, type ReliabilityWorld } from './world';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The text with every base64 run in it decoded too, to three levels: the setup script carries the key base64 inside a base64 body. */
function withBase64Decoded(text: string, depth = 3): string {
    const runs = depth > 0 ? text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? [] : [];
    return [text, ...runs.map((run) => withBase64Decoded(Buffer.from(run, 'base64').toString('latin1'), depth - 1))].join('\n');
}

/** A public-IP lookup service on loopback, answering `address` as the real ones do. */
async function startLookupService(address: string): Promise<{ url: string; close(): void }> {
    const server = createServer((_req, res) => res.end(`${address}\n`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

describe('Security properties after a full create', () => {
    const callerIp = '198.51.100.23';
    let world: ReliabilityWorld;
    let host: Extract<CreateOutcome, { ok: true }>;
    /** Every line the extension writes to its log output channel during the creates, through the same code. */
    const logged: string[] = [];
    const sink: LogSink = { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };

    before(async function () {
        this.timeout(120_000);
        world = await startReliabilityWorld();
        // The caller is at callerIp: the emulated NSG then lets only the rules made for it reach the VM.
        world.emulator.callerPublicIp = callerIp;
        // The wizard's default source: the lookup service's answer for this caller, parsed as typed.
        const lookup = await startLookupService(callerIp);
        const detected = await lookupPublicIp(lookup.url).finally(() => lookup.close());
        const source = parseSourceAddress(detected ?? '');
        assert.ok(typeof source !== 'string', source as string);
        const log = createRunLog(sink, world.plan('secure', { source }), world.cloud.resourceManagerEndpoint);
        log.started();
        const outcome = await world.create('secure', { plan: { source }, onEvent: log.event });
        assert.ok(outcome.ok, String(!outcome.ok && outcome.error));
        log.ready(outcome);
        host = outcome;
        // A failure logs the error of the request that carried the server key.
        world.emulator.faults.add({ method: 'PUT', path: /extensions\/[^/]+$/, armError: { status: 400, code: 'InvalidParameter', message: 'The value of parameter protectedSettings is invalid.' } });
        const failedLog = createRunLog(sink, world.plan('secure-fail'), world.cloud.resourceManagerEndpoint);
        const failed = await world.create('secure-fail', { onEvent: failedLog.event });
        world.emulator.faults.clear();
        assert.ok(!failed.ok, 'the create with a refused setup extension succeeded');
        failedLog.failed(failed);
    });
    after(() => world?.stop());

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'Every private key file is 0600', fault: 'A full create', expected: 'key.pem is 0600 and its folder 0700' }, async () => {
        assert.equal(statSync(host.dir).mode & 0o777, 0o700);
        for (const file of filesUnder(world.storageRoot).filter((f) => /key\.pem$/.test(f))) {
            assert.equal(statSync(file).mode & 0o777, 0o600, file);
        }
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'No PRIVATE KEY in logs, customData, tags or extension settings', fault: 'A full create', expected: 'Only key.pem and the protected settings carry key material' }, async () => {
        assert.match(logged.join('\n'), /\[secure\] Docker TLS setup on the VM: done in [\s\S]*\[secure-fail\] Docker TLS setup on the VM: failed after .*protectedSettings is invalid/, 'the log lacks the lines searched');
        assert.doesNotMatch(withBase64Decoded(logged.join('\n')), /PRIVATE KEY/, 'key material in the log');
        const vm = world.emulator.state.get(host.host.vmId);
        assert.doesNotMatch(withBase64Decoded(vm?.customData ?? ''), /PRIVATE KEY/, 'key material in customData');
        for (const item of world.emulator.inventory()) {
            assert.doesNotMatch(withBase64Decoded(JSON.stringify(item.tags)), /PRIVATE KEY/, item.id);
            assert.doesNotMatch(withBase64Decoded(JSON.stringify(world.emulator.state.get(item.id)?.properties ?? {})), /PRIVATE KEY/, `${item.id} properties`);
        }
        for (const file of filesUnder(world.storageRoot).filter((f) => !/key\.pem$/.test(f))) {
            assert.doesNotMatch(readFileSync(file, 'utf8'), /PRIVATE KEY/, file);
        }
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'NSG rules allow only the caller\'s public IP by default', fault: 'A full create with the default source, from a public-IP lookup service answering 198.51.100.23', expected: 'Both rules (SSH and the Docker TLS port) allow exactly 198.51.100.23/32' }, async () => {
        const rules = world.emulator.state.all().filter((r) => /securityRules$/i.test(r.type) && /\/secure-nsg\//i.test(r.id));
        assert.deepEqual(rules.map((r) => String(r.properties.destinationPortRange)).sort(), ['22', '2376']);
        for (const rule of rules) {
            const { sourceAddressPrefix, sourceAddressPrefixes } = rule.properties as { sourceAddressPrefix?: string; sourceAddressPrefixes?: string[] };
            assert.equal(sourceAddressPrefix, `${callerIp}/32`, rule.id);
            assert.deepEqual(sourceAddressPrefixes ?? [], [], rule.id);
        }
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'The engine refuses clients without our certificate', fault: 'A client with no certificate, and one with a certificate from another CA', expected: 'Both are refused; the saved client certificate is accepted' }, async () => {
        const tls = await readClientMaterial(host.dir);
        const address = host.host.address.ipAddress;
        await assert.rejects(new Docker({ protocol: 'https', host: address, port: 2376, ca: tls.ca, timeout: 5000 }).ping());
        const stranger = await issueClientCert(await createCa('someone else'), { commonName: 'stranger' });
        await assert.rejects(new Docker({ protocol: 'https', host: address, port: 2376, ca: tls.ca, cert: stranger.certPem, key: stranger.keyPem, timeout: 5000 }).ping());
        assert.match(String(await new Docker({ protocol: 'https', host: address, port: 2376, ca: tls.ca, cert: tls.cert, key: tls.key }).ping()), /OK/);
    });
});
