import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateOutcome } from '../../src/azure/create/createDockerHost';
import { createCa, issueClientCert } from '../../src/tls/certificates';
import { readClientMaterial } from '../../src/tls/storage';
import { scenario } from './scenario';
import { startReliabilityWorld, type ReliabilityWorld } from './world';

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('Security properties after a full create', () => {
    let world: ReliabilityWorld;
    let host: Extract<CreateOutcome, { ok: true }>;
    const logged: string[] = [];

    before(async function () {
        this.timeout(120_000);
        world = await startReliabilityWorld();
        // Everything the create reports is what the extension writes to its log.
        const outcome = await world.create('secure', { onEvent: (e) => logged.push(`${e.type} ${e.label} ${e.ms} ${e.error ? String(e.error) : ''}`) });
        assert.ok(outcome.ok, String(!outcome.ok && outcome.error));
        host = outcome;
    });
    after(() => world?.stop());

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'Every private key file is 0600', fault: 'A full create', expected: 'key.pem is 0600 and its folder 0700' }, async () => {
        assert.equal(statSync(host.dir).mode & 0o777, 0o700);
        for (const file of filesUnder(world.storageRoot).filter((f) => /key\.pem$/.test(f))) {
            assert.equal(statSync(file).mode & 0o777, 0o600, file);
        }
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'No PRIVATE KEY in logs, customData, tags or extension settings', fault: 'A full create', expected: 'Only key.pem and the protected settings carry key material' }, async () => {
        assert.doesNotMatch(logged.join('\n'), /PRIVATE KEY/);
        const vm = world.emulator.state.get(host.host.vmId);
        assert.doesNotMatch(Buffer.from(vm?.customData ?? '', 'base64').toString('utf8'), /PRIVATE KEY/);
        for (const item of world.emulator.inventory()) {
            assert.doesNotMatch(JSON.stringify(item.tags), /PRIVATE KEY/, item.id);
            assert.doesNotMatch(JSON.stringify(world.emulator.state.get(item.id)?.properties ?? {}), /PRIVATE KEY|LS0tLS1CRUdJTi/, `${item.id} properties`);
        }
        for (const file of filesUnder(world.storageRoot).filter((f) => !/key\.pem$/.test(f))) {
            assert.doesNotMatch(readFileSync(file, 'utf8'), /PRIVATE KEY/, file);
        }
    });

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'No NSG rule open to "*"', fault: 'A full create with the default source', expected: 'Both rules allow only the chosen source' }, async () => {
        const rules = world.emulator.inventory().filter((i) => /securityRules$/i.test(i.type) && /secure-nsg\//i.test(i.id));
        assert.equal(rules.length, 2);
        for (const rule of rules) {
            assert.notEqual((world.emulator.state.get(rule.id)?.properties as { sourceAddressPrefix?: string }).sourceAddressPrefix, '*', rule.id);
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
