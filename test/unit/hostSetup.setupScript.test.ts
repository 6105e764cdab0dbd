import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSetupScript, SetupScriptInput } from '../../src/hostSetup/setupScript';

const input: SetupScriptInput = {
    port: 2376,
    caPem: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
    serverCertPem: '-----BEGIN CERTIFICATE-----\nU0VSVkVS\n-----END CERTIFICATE-----\n',
    serverKeyPem: '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n',
};

/** Runs only the script's value assignments plus `tail`, never the part that writes to /etc. */
function runAssignments(script: string, tail: string): string {
    const assignments = script.split('\n').filter((line) => line.startsWith('readonly ')).join('\n');
    return execFileSync('bash', ['-c', `set -euo pipefail\n${assignments}\n${tail}`], { encoding: 'utf8' });
}

describe('hostSetup/setupScript', () => {
    let dir: string;

    before(async () => {
        dir = await fs.mkdtemp(path.join(os.tmpdir(), 'adh-script-'));
    });

    after(async () => {
        await fs.rm(dir, { recursive: true, force: true });
    });

    it('passes shellcheck with no warnings', async () => {
        const file = path.join(dir, 'setup.sh');
        await fs.writeFile(file, renderSetupScript(input));
        execFileSync('shellcheck', ['-s', 'bash', '-S', 'style', file], { encoding: 'utf8' });
    });

    it('is strict bash, waits for cloud-init, and fills every placeholder', () => {
        const script = renderSetupScript(input);
        assert.ok(script.startsWith('#!/bin/bash\n'));
        assert.match(script, /^set -euo pipefail$/m);
        assert.match(script, /cloud-init status --wait/);
        assert.doesNotMatch(script, /@@/);
    });

    it('writes the TLS files, daemon.json and the systemd drop-in', () => {
        const script = renderSetupScript({ ...input, port: 12376 });
        for (const f of ['/etc/docker/ca.pem', '/etc/docker/server-cert.pem', '/etc/docker/server-key.pem']) {
            assert.ok(script.includes(`>${f}`), f);
        }
        assert.match(script, /chmod 0400 \/etc\/docker\/server-key\.pem/);
        const json = /cat >\/etc\/docker\/daemon\.json <<'JSON'\n([\s\S]*?)\nJSON\n/.exec(script);
        assert.ok(json);
        assert.deepEqual(JSON.parse(json[1]), {
            tls: true, tlsverify: true,
            tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/server-cert.pem', tlskey: '/etc/docker/server-key.pem',
        });
        assert.ok(script.includes('/etc/systemd/system/docker.service.d/azure-docker-hosts.conf'));
        assert.match(script, /\[Service\]\nExecStart=\nExecStart=\/usr\/bin\/dockerd -H fd:\/\/ -H tcp:\/\/0\.0\.0\.0:\$\{port\}\n/);
        assert.match(script, /systemctl daemon-reload\n[\s\S]*systemctl restart docker/);
        assert.equal(runAssignments(script, 'printf %s "$port"'), '12376');
    });

    it('embeds the PEMs as base64 that bash decodes back exactly', () => {
        const script = renderSetupScript(input);
        assert.doesNotMatch(script, /BEGIN/);
        assert.equal(runAssignments(script, 'printf %s "$ca_pem_b64" | base64 -d'), input.caPem);
        assert.equal(runAssignments(script, 'printf %s "$server_cert_pem_b64" | base64 -d'), input.serverCertPem);
        assert.equal(runAssignments(script, 'printf %s "$server_key_pem_b64" | base64 -d'), input.serverKeyPem);
    });

    it('cannot be made to run injected shell', async () => {
        const marker = path.join(dir, 'pwned');
        const evil = `-----BEGIN CERTIFICATE-----\n'; touch ${marker}; echo '$(touch ${marker})\`touch ${marker}\`\n-----END CERTIFICATE-----\n`;
        const script = renderSetupScript({ ...input, caPem: evil });
        assert.equal(runAssignments(script, 'printf %s "$ca_pem_b64" | base64 -d'), evil);
        await assert.rejects(fs.stat(marker), { code: 'ENOENT' });
    });

    it('rejects a bad port or something that is not PEM', () => {
        for (const port of [0, 65536, 1.5, Number.NaN]) {
            assert.throws(() => renderSetupScript({ ...input, port }), RangeError);
        }
        assert.throws(() => renderSetupScript({ ...input, serverKeyPem: 'not a key' }));
        assert.throws(() => renderSetupScript({ ...input, caPem: input.serverKeyPem }));
    });
});
