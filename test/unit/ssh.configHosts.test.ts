import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownHostsPath } from '../../src/ssh/hostKeys';
import { removeSshConfigHost, sshAliasForHost, writeSshConfigHost, type SshConfigHost } from '../../src/ssh/sshConfigHosts';

describe('ssh/sshConfigHosts: the managed Host block in ~/.ssh/config', () => {
    const vmId = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/Dock1';
    const mine = 'Host *\n    StrictHostKeyChecking no\n\nHost work\n    HostName 10.0.0.1\n';
    let dir: string;
    let file: string;
    let host: SshConfigHost;

    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), 'adh-sshconfig-'));
        file = join(dir, '.ssh', 'config');
        host = { vmId, alias: sshAliasForHost('Dock1'), address: '203.0.113.9', user: 'azureuser', identityFile: '/keys/id ed25519', hostDir: join(dir, 'host dir') };
    });

    it('makes a new config 0600 in a 0700 folder, with the key, the pinned known_hosts and strict checking', async () => {
        await writeSshConfigHost(host, file);
        assert.equal(statSync(file).mode & 0o777, 0o600);
        assert.equal(statSync(join(dir, '.ssh')).mode & 0o777, 0o700);
        // OpenSSH reads it as intended: -G prints the options it would use for the alias.
        const effective = execFileSync('ssh', ['-G', '-F', file, 'adh-dock1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        assert.match(effective, /^hostname 203\.0\.113\.9$/m);
        assert.match(effective, /^user azureuser$/m);
        assert.match(effective, /^identityfile "?\/keys\/id ed25519"?$/m);
        assert.match(effective, /^stricthostkeychecking (yes|true)$/m);
        assert.ok(effective.includes(`userknownhostsfile "${knownHostsPath(host.hostDir)}"`) || effective.includes(`userknownhostsfile ${knownHostsPath(host.hostDir)}`), effective);
        assert.match(effective, /^hostkeyalias azure-docker-host$/m);
    });

    it('goes before the user\'s own blocks (ssh takes the first value, so a Host * cannot turn checking off), which stay as they were', async () => {
        execFileSync('mkdir', ['-p', join(dir, '.ssh')]);
        writeFileSync(file, mine, { mode: 0o644 });
        await writeSshConfigHost(host, file);
        assert.equal(statSync(file).mode & 0o777, 0o644, 'the file\'s own mode is kept');
        assert.ok(readFileSync(file, 'utf8').endsWith(mine));
        assert.match(execFileSync('ssh', ['-G', '-F', file, 'adh-dock1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), /^stricthostkeychecking (yes|true)$/m);
    });

    it('replaces its block on a second write and removes it whole, leaving the user\'s lines untouched', async () => {
        execFileSync('mkdir', ['-p', join(dir, '.ssh')]);
        writeFileSync(file, mine);
        await writeSshConfigHost(host, file);
        await writeSshConfigHost({ ...host, address: '203.0.113.10' }, file);
        const text = readFileSync(file, 'utf8');
        assert.equal(text.split('# BEGIN azure-docker-hosts').length, 2, 'one block only');
        assert.match(text, /HostName 203\.0\.113\.10/);
        assert.equal(await removeSshConfigHost(vmId.toUpperCase(), file), true);
        assert.equal(readFileSync(file, 'utf8'), mine);
        assert.equal(await removeSshConfigHost(vmId, file), false);
    });

    it('refuses a value that could inject another option, and writes nothing', async () => {
        await assert.rejects(writeSshConfigHost({ ...host, address: '203.0.113.9\n    ProxyCommand evil' }, file), /cannot be written/);
        assert.throws(() => readFileSync(file), /ENOENT/);
    });
});
