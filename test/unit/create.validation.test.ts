import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nsgSourcePrefix, parseSourceAddress } from '../../src/azure/create/parseSourceAddress';
import { generateEd25519KeyPair } from '../../src/azure/create/sshKeyPair';
import { parseSshPublicKey } from '../../src/azure/create/sshPublicKey';
import { validateAdminUser } from '../../src/azure/create/validateAdminUser';
import { validateHostName } from '../../src/azure/create/validateHostName';
import { parseTlsPort } from '../../src/azure/create/validatePort';

describe('create: input validation', () => {
    it('host names: empty, too long, bad characters, reserved', () => {
        assert.equal(validateHostName('my-docker-1'), undefined);
        assert.match(validateHostName('') ?? '', /Enter a name/);
        assert.match(validateHostName('ab') ?? '', /3 to 63 characters/);
        assert.match(validateHostName('a'.repeat(64)) ?? '', /it is 64/);
        assert.match(validateHostName('My-Host') ?? '', /lowercase/);
        assert.match(validateHostName('my_host') ?? '', /only lowercase letters, digits and hyphens/);
        assert.match(validateHostName('1host') ?? '', /start with a letter/);
        assert.match(validateHostName('host-') ?? '', /end with a letter or a digit/);
        assert.match(validateHostName('my-microsoft-box') ?? '', /"microsoft" is a reserved word/);
        assert.match(validateHostName('azure') ?? '', /"azure" is a reserved word/);
    });

    it('admin users: reserved names and bad characters', () => {
        assert.equal(validateAdminUser('azureuser'), undefined);
        assert.match(validateAdminUser('root') ?? '', /"root" is reserved/);
        assert.match(validateAdminUser('admin') ?? '', /reserved/);
        assert.match(validateAdminUser('Bad User') ?? '', /lowercase letters/);
        assert.match(validateAdminUser('') ?? '', /Enter the admin user name/);
        assert.match(validateAdminUser('u'.repeat(33)) ?? '', /at most 32/);
    });

    it('ports: 0, 65536, letters, and 22', () => {
        assert.equal(parseTlsPort('2376'), 2376);
        assert.match(String(parseTlsPort('0')), /from 1 to 65535 \(0 is not\)/);
        assert.match(String(parseTlsPort('65536')), /65536 is not/);
        assert.match(String(parseTlsPort('abc')), /Enter a port number/);
        assert.match(String(parseTlsPort('22')), /used by SSH/);
    });

    it('source addresses: IPs, CIDRs, malformed, and any', () => {
        assert.deepEqual(parseSourceAddress('203.0.113.7'), { kind: 'cidr', prefix: '203.0.113.7/32' });
        assert.deepEqual(parseSourceAddress('203.0.113.0/24'), { kind: 'cidr', prefix: '203.0.113.0/24' });
        assert.deepEqual(parseSourceAddress('2001:db8::/48'), { kind: 'cidr', prefix: '2001:db8::/48' });
        assert.match(String(parseSourceAddress('203.0.113.300')), /is not an IP address/);
        assert.match(String(parseSourceAddress('10.0.0.0/33')), /from 0 to 32/);
        assert.match(String(parseSourceAddress('1.2.3.4/8/9')), /Enter an IP address/);
        for (const any of ['*', '0.0.0.0/0', 'Internet']) {
            assert.deepEqual(parseSourceAddress(any), { kind: 'any' });
        }
        assert.equal(nsgSourcePrefix({ kind: 'any', confirmed: true }), '*');
        assert.throws(() => nsgSourcePrefix({ kind: 'any' }), /needs your explicit confirmation/);
    });

    it('SSH keys: a public key passes; a private key, garbage and damaged data are named', () => {
        const { publicKey, privateKey } = generateEd25519KeyPair('me@laptop');
        assert.deepEqual(parseSshPublicKey(`${publicKey}\n`), { key: publicKey, type: 'ssh-ed25519' });
        assert.match(String(parseSshPublicKey(privateKey)), /This is a private key/);
        assert.match(String(parseSshPublicKey('hello world')), /not an SSH public key/);
        assert.match(String(parseSshPublicKey('ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIG')), /not a valid ssh-rsa key/);
    });

    it('generates an ed25519 pair that OpenSSH reads back', () => {
        const { publicKey, privateKey } = generateEd25519KeyPair('adh-test');
        const dir = mkdtempSync(join(tmpdir(), 'adh-ssh-'));
        const file = join(dir, 'id_ed25519');
        writeFileSync(file, privateKey, { mode: 0o600 });
        // ssh-keygen (Debian's openssh-client) derives the public key from our private key file.
        const derived = execFileSync('ssh-keygen', ['-y', '-f', file], { encoding: 'utf8' }).trim();
        assert.equal(derived, publicKey);
    });
});
