import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateEd25519KeyPair } from '../../src/azure/create/sshKeyPair';
import { renderSetupScript } from '../../src/hostSetup/setupScript';
import { hostKeyLinePrefix } from '../../src/hostSetup/setupScriptTemplate';
import { checkHostKey, fingerprint, HostKeyMismatchError, knownHostsPath, parseHostKeyLines, pinHostKeys, readPinnedHostKeys } from '../../src/ssh/hostKeys';

/** A key pair made by ssh-keygen, with the fingerprint ssh-keygen prints for it. */
function sshKeygenKey(dir: string): { type: string; key: string; printed: string } {
    const file = join(dir, `k${Math.random().toString(36).slice(2)}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const [type, key] = readFileSync(`${file}.pub`, 'utf8').split(' ');
    const printed = execFileSync('ssh-keygen', ['-lf', `${file}.pub`, '-E', 'sha256'], { encoding: 'utf8' }).split(' ')[1];
    return { type, key, printed };
}

describe('ssh/hostKeys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adh-hostkeys-'));

    it('computes the fingerprint OpenSSH prints', () => {
        const k = sshKeygenKey(dir);
        assert.equal(fingerprint(Buffer.from(k.key, 'base64')), k.printed);
    });

    it('reads the setup output\'s host-key lines, among other output, and drops a line whose key does not match its fingerprint', () => {
        const a = sshKeygenKey(dir);
        const b = sshKeygenKey(dir);
        const output = [
            'dockerd listens with TLS on port 2376',
            `${hostKeyLinePrefix} ${a.type} ${a.key} ${a.printed}`,
            `${hostKeyLinePrefix} ${b.type} ${b.key} ${a.printed}`,
            `${hostKeyLinePrefix} ${b.type} ${b.key.slice(0, 20)}`,
            `echo ${hostKeyLinePrefix} ${b.type} ${b.key} ${b.printed}`,
        ].join('\n');
        assert.deepEqual(parseHostKeyLines(output), [{ type: a.type, key: a.key }]);
        assert.deepEqual(parseHostKeyLines('nothing here'), []);
    });

    it('pins keys in a known_hosts file OpenSSH reads, and reads them back', async () => {
        const a = sshKeygenKey(dir);
        const pinDir = mkdtempSync(join(tmpdir(), 'adh-pin-'));
        await pinHostKeys(pinDir, [{ type: a.type, key: a.key }]);
        assert.deepEqual(await readPinnedHostKeys(pinDir), [{ type: a.type, key: a.key }]);
        assert.equal(statSync(knownHostsPath(pinDir)).mode & 0o022, 0);
        const found = execFileSync('ssh-keygen', ['-F', 'azure-docker-host', '-f', knownHostsPath(pinDir)], { encoding: 'utf8' });
        assert.match(found, new RegExp(a.key.replace(/[+/]/g, '\\$&')));
        assert.deepEqual(await readPinnedHostKeys(mkdtempSync(join(tmpdir(), 'adh-nopin-'))), []);
    });

    it('accepts a pinned key and refuses another, naming both fingerprints', () => {
        const pinned = generateEd25519KeyPair('a').publicKey.split(' ');
        const other = generateEd25519KeyPair('b').publicKey.split(' ');
        checkHostKey('192.0.2.1', Buffer.from(pinned[1], 'base64'), [{ type: pinned[0], key: pinned[1] }]);
        assert.throws(() => checkHostKey('192.0.2.1', Buffer.from(other[1], 'base64'), [{ type: pinned[0], key: pinned[1] }]), (e: Error) =>
            e instanceof HostKeyMismatchError && e.message.includes(fingerprint(Buffer.from(other[1], 'base64')))
            && e.message.includes(fingerprint(Buffer.from(pinned[1], 'base64'))) && e.message.includes('192.0.2.1'));
    });

    it('is what the setup script prints: its host-key loop, run over real keys, parses back', () => {
        const a = sshKeygenKey(dir);
        const etc = mkdtempSync(join(tmpdir(), 'adh-etcssh-'));
        writeFileSync(join(etc, 'ssh_host_ed25519_key.pub'), `${a.type} ${a.key} root@vm\n`);
        const script = renderSetupScript({ port: 2376, caPem: pem('CERTIFICATE'), serverCertPem: pem('CERTIFICATE'), serverKeyPem: pem('PRIVATE KEY') });
        const loop = /^for k in \/etc\/ssh\/[^\n]*\n[\s\S]*?^done$/m.exec(script)?.[0];
        assert.ok(loop, 'the setup script prints the host keys');
        const out = execFileSync('bash', ['-c', loop.replace('/etc/ssh/', `${etc}/`)], { encoding: 'utf8' });
        assert.deepEqual(parseHostKeyLines(out), [{ type: a.type, key: a.key }]);
        assert.ok(script.trimEnd().endsWith('done'), 'the keys come last: Azure keeps only the tail of the output');
    });
});

function pem(label: string): string {
    return `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`;
}
