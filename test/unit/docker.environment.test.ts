import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dockerEnvironmentScript } from '../../src/docker/dockerEnvironment';

const target = { address: '203.0.113.9', port: 2376, certDir: "/home/me/it's here" };

describe('docker environment', () => {
    it('writes all three variables for every shell', () => {
        for (const shell of ['bash', 'fish', 'powershell', 'cmd'] as const) {
            const script = dockerEnvironmentScript(target, shell);
            for (const name of ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) {
                assert.ok(script.includes(name), `${shell} lacks ${name}`);
            }
        }
        assert.equal(dockerEnvironmentScript(target, 'powershell').split('\n')[0], "$Env:DOCKER_HOST = 'tcp://203.0.113.9:2376'");
        assert.equal(dockerEnvironmentScript(target, 'cmd').split('\n')[1], 'set DOCKER_TLS_VERIFY=1');
    });

    it('escapes %, quotes and the other cmd.exe specials in a cmd value', () => {
        const lines = dockerEnvironmentScript({ ...target, certDir: 'C:\\Users\\Ann "A&B" (x)\\100%PATH%|<y>^z!' }, 'cmd').split('\n');
        assert.equal(lines[2], 'set DOCKER_CERT_PATH=C:\\Users\\Ann ^"A^&B^" ^(x^)\\100^%PATH^%^|^<y^>^^z^!');
    });

    it('quotes a path with a quote so that bash reads it back exactly', () => {
        const out = execFileSync('bash', ['-c', `${dockerEnvironmentScript(target, 'bash')}printf %s "$DOCKER_CERT_PATH|$DOCKER_HOST"`], { encoding: 'utf8' });
        assert.equal(out, "/home/me/it's here|tcp://203.0.113.9:2376");
    });
});
