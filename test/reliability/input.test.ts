import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDockerHost } from '../../src/azure/create/createDockerHost';
import { hostDir } from '../../src/host/hostFiles';
import { parseSourceAddress } from '../../src/azure/create/parseSourceAddress';
import { readPublicKeyFile } from '../../src/azure/create/sshKeyFiles';
import { validateAdminUser } from '../../src/azure/create/validateAdminUser';
import { validateHostName } from '../../src/azure/create/validateHostName';
import { parseTlsPort } from '../../src/azure/create/validatePort';
import { scenario } from './scenario';
import { assertInventory, startReliabilityWorld, type ReliabilityWorld } from './world';

/** Each bad value gets its own message at the prompt; a valid value gets none. */
function expectMessages<T>(check: (value: string) => T, cases: [string, RegExp][], valid: string): void {
    for (const [value, message] of cases) {
        const result = check(value);
        assert.equal(typeof result, 'string', `${JSON.stringify(value)} was accepted`);
        assert.match(result as string, message, `message for ${JSON.stringify(value)}`);
    }
    assert.notEqual(typeof check(valid), 'string', `${valid} was refused`);
}

describe('Bad input', () => {
    let world: ReliabilityWorld;
    before(async () => {
        world = await startReliabilityWorld();
    });
    after(() => world?.stop());

    scenario({ area: 'Bad input', kind: 'validator', name: 'Host names: empty, too long, bad characters, reserved', fault: '"", 64 letters, "My_Host", "1host", "host-", "my-microsoft-box"', expected: 'A message at the prompt for each, saying the rule it breaks' }, async () => {
        expectMessages((v) => validateHostName(v) ?? 0, [['', /Enter a name/], ['a'.repeat(64), /3 to 63 characters/], ['My_Host', /lowercase/], ['my_host', /lowercase letters, digits and hyphens/], ['1host', /start with a letter/], ['host-', /end with a letter or a digit/], ['my-microsoft-box', /reserved word/]], 'my-docker');
    });

    scenario({ area: 'Bad input', kind: 'validator', name: 'Admin user names: reserved, bad characters', fault: '"root", "admin", "Bad User", 33 letters', expected: 'A message at the prompt for each' }, async () => {
        expectMessages((v) => validateAdminUser(v) ?? 0, [['root', /reserved/], ['admin', /reserved/], ['Bad User', /lowercase letters/], ['u'.repeat(33), /at most 32/]], 'azureuser');
    });

    scenario({ area: 'Bad input', kind: 'files', name: 'SSH key files: not a key, a private key, unreadable', fault: 'A text file, a private key named .pub, a folder named .pub', expected: 'Each is refused at the prompt with what it is' }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'adh-rel-keys-'));
        writeFileSync(join(dir, 'notes.pub'), 'remember the milk\n');
        writeFileSync(join(dir, 'id.pub'), '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n-----END OPENSSH PRIVATE KEY-----\n');
        mkdirSync(join(dir, 'folder.pub'));
        assert.match(String(await readPublicKeyFile(join(dir, 'notes.pub'))), /not an SSH public key/);
        assert.match(String(await readPublicKeyFile(join(dir, 'id.pub'))), /This is a private key/);
        assert.match(String(await readPublicKeyFile(join(dir, 'folder.pub'))), /Cannot read .*EISDIR/);
    });

    scenario({ area: 'Bad input', kind: 'validator', name: 'Ports: 0, 65536, letters', fault: '"0", "65536", "abc", "22"', expected: 'A message at the prompt for each' }, async () => {
        expectMessages((v) => parseTlsPort(v), [['0', /1 to 65535 \(0 is not\)/], ['65536', /65536 is not/], ['abc', /Enter a port number/], ['22', /used by SSH/]], '2376');
    });

    scenario({ area: 'Bad input', kind: 'validator', name: 'Source CIDRs: malformed', fault: '"203.0.113.300", "10.0.0.0/33", "1.2.3.4/8/9"', expected: 'A message at the prompt for each' }, async () => {
        expectMessages((v) => parseSourceAddress(v), [['203.0.113.300', /not an IP address/], ['10.0.0.0/33', /from 0 to 32/], ['1.2.3.4/8/9', /Enter an IP address/]], '203.0.113.0/24');
    });

    scenario({ area: 'Bad input', kind: 'emulator', name: '"*" as the source without the confirmation', fault: 'A create whose firewall source is any address, not confirmed after the warning', expected: 'Refused before anything is created, in Azure or on disk' }, async () => {
        const baseline = world.inventory();
        const plan = world.plan('anysource', { source: { kind: 'any' } });
        await assert.rejects(
            createDockerHost({ plan, cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 10_000, pollIntervalMs: 10 }),
            /needs your explicit confirmation/,
        );
        assertInventory(world.inventory(), baseline, 'Azure after the refused create');
        assert.equal(existsSync(hostDir(world.storageRoot, plan)), false);
    });
});
