import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readClientMaterial, removeTlsMaterial, writeTlsMaterial } from '../../src/tls/storage';

describe('tls/storage', () => {
    let root: string;

    beforeEach(async () => {
        root = await fs.mkdtemp(path.join(os.tmpdir(), 'adh-store-'));
    });

    afterEach(async () => {
        await fs.rm(root, { recursive: true, force: true });
    });

    const mode = async (p: string): Promise<number> => (await fs.stat(p)).mode & 0o777;

    it('creates the folder 0700 and key files 0600, others readable', async () => {
        const dir = path.join(root, 'hosts', 'h1');
        await writeTlsMaterial(dir, {
            'ca.pem': 'CA', 'cert.pem': 'CERT', 'key.pem': 'KEY', 'ca-key.pem': 'CAKEY', 'server-key.pem': 'SK',
        });
        assert.equal(await mode(dir), 0o700);
        assert.equal(await mode(path.join(dir, 'key.pem')), 0o600);
        assert.equal(await mode(path.join(dir, 'ca-key.pem')), 0o600);
        assert.equal(await mode(path.join(dir, 'server-key.pem')), 0o600);
        assert.equal(await mode(path.join(dir, 'cert.pem')), 0o644);
        assert.equal(await fs.readFile(path.join(dir, 'ca-key.pem'), 'utf8'), 'CAKEY');
    });

    it('tightens an existing folder and an existing, too-open key file', async () => {
        const dir = path.join(root, 'h2');
        await fs.mkdir(dir, { mode: 0o755 });
        await fs.chmod(dir, 0o755);
        await fs.writeFile(path.join(dir, 'key.pem'), 'old', { mode: 0o666 });
        await fs.chmod(path.join(dir, 'key.pem'), 0o666);
        await writeTlsMaterial(dir, { 'key.pem': 'new' });
        assert.equal(await mode(dir), 0o700);
        assert.equal(await mode(path.join(dir, 'key.pem')), 0o600);
        assert.equal(await fs.readFile(path.join(dir, 'key.pem'), 'utf8'), 'new');
    });

    it('keeps key files 0600 under a permissive umask', async () => {
        const previous = process.umask(0);
        try {
            await writeTlsMaterial(path.join(root, 'h3'), { 'key.pem': 'K' });
        } finally {
            process.umask(previous);
        }
        assert.equal(await mode(path.join(root, 'h3', 'key.pem')), 0o600);
        assert.equal(await mode(path.join(root, 'h3')), 0o700);
    });

    it('refuses file names with a path', async () => {
        await assert.rejects(writeTlsMaterial(path.join(root, 'h4'), { '../escape.pem': 'x' }));
    });

    it('reads the DOCKER_CERT_PATH layout back and removes it', async () => {
        const dir = path.join(root, 'h5');
        await writeTlsMaterial(dir, { 'ca.pem': 'A', 'cert.pem': 'B', 'key.pem': 'C' });
        assert.deepEqual(await readClientMaterial(dir), { ca: 'A', cert: 'B', key: 'C' });
        await removeTlsMaterial(dir);
        await assert.rejects(fs.stat(dir), { code: 'ENOENT' });
        await removeTlsMaterial(dir); // already gone: no error
    });
});
