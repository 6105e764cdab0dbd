import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyFiles, listPublicKeys, newKeyPath, readPublicKeyFile, withNewKeyFiles } from '../../src/azure/create/sshKeyFiles';

describe('create: SSH key files', () => {
    it('generates into a new ~/.ssh: folder 0700, private key 0600, and lists it', async () => {
        const home = mkdtempSync(join(tmpdir(), 'adh-home-'));
        const sshDir = join(home, '.ssh');
        const path = await newKeyPath(sshDir, 'dock1');
        assert.equal(path, join(sshDir, 'id_ed25519'));
        const file = await generateKeyFiles(path, 'azureuser@dock1');
        assert.equal(statSync(sshDir).mode & 0o777, 0o700);
        assert.equal(statSync(path).mode & 0o777, 0o600);
        assert.equal(file.privateKeyPath, path);
        assert.deepEqual((await listPublicKeys(sshDir)).map((f) => f.path), [`${path}.pub`]);
        // A second key never overwrites the first.
        assert.equal(await newKeyPath(sshDir, 'dock1'), join(sshDir, 'id_ed25519_dock1'));
        await assert.rejects(generateKeyFiles(path, 'again'), /EEXIST/);
    });

    it('rejects files that are not public keys, private keys offered as public, and unreadable files', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'adh-keys-'));
        writeFileSync(join(dir, 'notes.pub'), 'hello\n');
        writeFileSync(join(dir, 'key.pub'), '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n');
        assert.match(String(await readPublicKeyFile(join(dir, 'notes.pub'))), /not an SSH public key/);
        assert.match(String(await readPublicKeyFile(join(dir, 'key.pub'))), /This is a private key/);
        assert.match(String(await readPublicKeyFile(join(dir, 'missing.pub'))), /Cannot read .*ENOENT/);
        // A folder named like a key cannot be read as one, whoever runs the test (root reads mode-000 files).
        mkdirSync(join(dir, 'folder.pub'));
        assert.match(String(await readPublicKeyFile(join(dir, 'folder.pub'))), /Cannot read .*EISDIR/);
        assert.deepEqual(await listPublicKeys(dir), []);
    });
    it('deletes a pair made for a create that fails or throws, and keeps it when the create succeeds', async () => {
        const sshDir = join(mkdtempSync(join(tmpdir(), 'adh-home-')), '.ssh');
        const exists = (p: string) => existsSync(p) && existsSync(`${p}.pub`);
        const failed = join(sshDir, 'failed');
        assert.deepEqual(await withNewKeyFiles(failed, 'c', async () => ({ ok: false })), { ok: false });
        assert.equal(existsSync(failed) || existsSync(`${failed}.pub`), false);
        const thrown = join(sshDir, 'thrown');
        await assert.rejects(withNewKeyFiles(thrown, 'c', () => Promise.reject(new Error('cut'))), /cut/);
        assert.equal(existsSync(thrown) || existsSync(`${thrown}.pub`), false);
        const kept = join(sshDir, 'kept');
        await withNewKeyFiles(kept, 'c', async (file) => ({ ok: file.privateKeyPath === kept && exists(kept) }));
        assert.ok(exists(kept));
    });
});
