import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSourceAddress, type SourceAddress } from '../../src/azure/create/parseSourceAddress';
import { checkLookupUrl, lookupPublicIp } from '../../src/azure/create/publicIpLookup';
import { generateKeyFiles, withNewKeyFiles } from '../../src/azure/create/sshKeyFiles';
import { readCertificateExpiry } from '../../src/tls/certificateExpiry';
import { anySpellings } from '../unit/anySourceSpellings';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

describe('Firewall and inputs', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
    });
    afterEach(() => world.emulator.faults.clear());
    after(() => world?.stop());

    for (const text of anySpellings) {
        scenario({ area: 'Security', kind: 'emulator', name: `"Any" source ${JSON.stringify(text)} without the confirmation`, fault: `A create whose firewall source is ${JSON.stringify(text)}, as typed and as a hand-built plan's prefix, not confirmed`, expected: 'Read as "any"; refused before anything is created, in Azure or on disk' }, async () => {
            assert.deepEqual(parseSourceAddress(text), { kind: 'any' });
            const baseline = world.inventory();
            const forms: SourceAddress[] = [{ kind: 'any' }, { kind: 'cidr', prefix: text }];
            for (const source of forms) {
                const outcome = world.create(`any${forms.indexOf(source)}`, { plan: { source } });
                await assert.rejects(outcome, /needs your explicit confirmation/, JSON.stringify(source));
            }
            assertInventory(world.inventory(), baseline, 'Azure after the refused create');
        });
    }

    scenario({ area: 'Security', kind: 'emulator+dockerd', name: 'A mapped IPv6 source reaches Azure as the IPv4 range it is', fault: 'A create from "::ffff:203.0.113.0/120" (the caller is 203.0.113.7)', expected: 'Both NSG rules allow exactly 203.0.113.0/24, and the engine answers through them; the host folder records when the client and server certificates expire' }, async () => {
        const source = parseSourceAddress('::ffff:203.0.113.0/120') as SourceAddress;
        const outcome = await world.create('mapped', { plan: { source } });
        assert.equal(outcome.ok, true);
        const nsg = await (await world.clients()).network.networkSecurityGroups.get('mapped-rg', 'mapped-nsg');
        assert.deepEqual(nsg.securityRules?.map((r) => r.sourceAddressPrefix), ['203.0.113.0/24', '203.0.113.0/24']);
        // The host folder keeps the server certificate too, so the tree can say when both expire.
        const expiry = outcome.ok ? await readCertificateExpiry(outcome.dir) : {};
        for (const which of ['client', 'server'] as const) {
            assert.ok(expiry[which] && Math.abs(expiry[which].getTime() - (Date.now() + 825 * 24 * 3600 * 1000)) < 3600_000, `${which}: ${expiry[which]?.toISOString()}`);
        }
        await world.deleteGroup('mapped-rg');
    });

    scenario({ area: 'Security', kind: 'validator', name: 'Workspace lookup URL ignored', fault: 'A workspace setting (or any setting) points publicIpLookupUrl at a plain-http server elsewhere', expected: 'The setting has application scope, so VS Code ignores it in workspace settings; an http: URL off loopback is refused with a clear error before any request' }, async () => {
        const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { scope?: string }> } } };
        assert.equal(manifest.contributes.configuration.properties['azureDockerHosts.publicIpLookupUrl'].scope, 'application');
        assert.match(String(checkLookupUrl('http://ip.attacker.example/')), /must be an https: address/);
        await assert.rejects(lookupPublicIp('http://ip.attacker.example/'), /must be an https: address/);
    });

    scenario({ area: 'Create failures', kind: 'emulator', name: 'A key pair generated for a failed create is deleted; a picked key is not', fault: 'The VM PUT answers 409 OperationNotAllowed, once with a new key pair and once with a key the user picked', expected: 'The new pair is gone from ~/.ssh; the picked key is byte-for-byte unchanged' }, async () => {
        const sshDir = join(mkdtempSync(join(tmpdir(), 'adh-rel-home-')), '.ssh');
        world.emulator.faults.add({ method: 'PUT', path: /virtualMachines\/[^/]+$/, armError: { status: 409, code: 'OperationNotAllowed', message: 'quota' } });
        const generated = join(sshDir, 'id_ed25519');
        const outcome = await withNewKeyFiles(generated, 'azureuser@keyfail', (key) => world.create('keyfail', { plan: { sshPublicKey: key.key } }));
        assert.equal(outcome.ok, false);
        assert.equal(existsSync(generated), false, 'the generated private key was left behind');
        assert.equal(existsSync(`${generated}.pub`), false, 'the generated public key was left behind');

        const picked = await generateKeyFiles(join(sshDir, 'id_mine'), 'me@laptop');
        const before = [readFileSync(picked.privateKeyPath!), readFileSync(picked.path)];
        assert.equal((await world.create('keyfail2', { plan: { sshPublicKey: picked.key } })).ok, false);
        assert.deepEqual([readFileSync(picked.privateKeyPath!), readFileSync(picked.path)], before);
    });
});
