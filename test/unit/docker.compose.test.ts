import * as assert from 'node:assert/strict';
import { ComposeMissingError, composeInvocation, detectCompose, type ComposeTarget, type ProbeRunner } from '../../src/docker/compose/composeCli';
import { bindMountWarning, bindOfVolumeSpec, ComposeFileError, readComposeFile } from '../../src/docker/compose/composeFile';
import { timestampKey, TimeOrderedMerge } from '../../src/docker/compose/projectLogs';

const target: ComposeTarget = { address: 'myhost.westeurope.cloudapp.azure.com', port: 2376, certDir: '/home/u/.adh/myhost', contextName: 'azure-myhost' };
const userEnv = { PATH: '/usr/bin', HOME: '/home/u', DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_CONTEXT: 'default', DOCKER_TLS_VERIFY: '', REQUESTS_CA_BUNDLE: '/etc/ca.pem' };

describe('compose command lines', () => {
    it('v2: docker --context <host> compose, with the file, project, profiles and services, and no DOCKER_* of the user', () => {
        const inv = composeInvocation({ kind: 'v2', version: '2.29.1' }, target, { action: 'up', file: '/ws/app/compose.yaml', projectName: 'app', profiles: ['debug', 'tools'], services: ['web', 'db'] }, userEnv);
        assert.equal(inv.command, 'docker');
        assert.deepEqual(inv.args, ['--context', 'azure-myhost', 'compose', '--file', '/ws/app/compose.yaml', '--project-name', 'app', '--profile', 'debug', '--profile', 'tools', 'up', '--detach', 'web', 'db']);
        assert.deepEqual(inv.env, { PATH: '/usr/bin', HOME: '/home/u', REQUESTS_CA_BUNDLE: '/etc/ca.pem' });
        const down = composeInvocation({ kind: 'v2', version: '2.29.1' }, target, { action: 'down', file: '/ws/app/compose.yaml', services: ['ignored'] }, userEnv);
        assert.deepEqual(down.args, ['--context', 'azure-myhost', 'compose', '--file', '/ws/app/compose.yaml', 'down']);
    });

    it('v1: docker-compose with the host\'s DOCKER_HOST, TLS and cert folder, and no CA bundle overriding it', () => {
        const inv = composeInvocation({ kind: 'v1', version: '1.29.2' }, target, { action: 'up', file: '/ws/compose.yaml' }, userEnv);
        assert.equal(inv.command, 'docker-compose');
        assert.deepEqual(inv.args, ['--file', '/ws/compose.yaml', 'up', '--detach']);
        assert.deepEqual(inv.env, { PATH: '/usr/bin', HOME: '/home/u', DOCKER_HOST: 'tcp://myhost.westeurope.cloudapp.azure.com:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/home/u/.adh/myhost' });
    });

    it('refuses when neither is installed, naming where to get one', () => {
        assert.throws(() => composeInvocation({ kind: 'missing' }, target, { action: 'up', file: '/x' }), (e: unknown) => e instanceof ComposeMissingError && /docs\.docker\.com\/compose\/install/.test(e.message));
    });

    it('prefers the v2 plugin, falls back to v1, else reports it missing', async () => {
        const runner = (installed: Record<string, string>): ProbeRunner => async (command, args) => {
            const key = `${command} ${args[0]}`;
            return key in installed ? { code: 0, stdout: `${installed[key]}\n` } : command === 'docker' ? { code: 1, stdout: '' } : undefined;
        };
        assert.deepEqual(await detectCompose(runner({ 'docker compose': '2.29.1', 'docker-compose version': '1.29.2' })), { kind: 'v2', version: '2.29.1' });
        assert.deepEqual(await detectCompose(runner({ 'docker-compose version': '1.29.2' })), { kind: 'v1', version: '1.29.2' });
        assert.deepEqual(await detectCompose(runner({})), { kind: 'missing' });
    });
});

describe('compose files and bind mounts', () => {
    it('finds services, profiles and every bind mount, short and long syntax', () => {
        const summary = readComposeFile(`
services:
  web:
    image: nginx
    profiles: [frontend]
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - cache:/var/cache
      - /var/log/nginx
      - type: bind
        source: /etc/ssl
        target: /ssl
      - type: volume
        source: data
        target: /data
  db:
    image: postgres
    profiles: [backend, frontend]
    volumes: ["~/pg:/var/lib/postgresql/data", "\${PWD}/init:/init"]
volumes: { cache: {}, data: {} }
`, 'compose.yaml');
        assert.deepEqual(summary.services, ['db', 'web']);
        assert.deepEqual(summary.profiles, ['backend', 'frontend']);
        assert.deepEqual(summary.binds.map((b) => `${b.service} ${b.source} ${b.target}`), ['db ~/pg /var/lib/postgresql/data', 'db ${PWD}/init /init', 'web ./site /usr/share/nginx/html', 'web /etc/ssl /ssl']);
        assert.match(bindMountWarning(summary.binds, 'myhost') ?? '', /paths on the VM myhost, not on this machine.*web: \.\/site → \/usr\/share\/nginx\/html/);
        assert.equal(bindMountWarning([], 'myhost'), undefined);
    });

    it('reads Run Image volume specs the same way', () => {
        assert.deepEqual(bindOfVolumeSpec('./data:/data'), { service: undefined, source: './data', target: '/data' });
        assert.deepEqual(bindOfVolumeSpec('C:\\work:/w'), { service: undefined, source: 'C:\\work', target: '/w' });
        assert.equal(bindOfVolumeSpec('named:/data'), undefined);
        assert.equal(bindOfVolumeSpec('/anonymous'), undefined);
    });

    it('says where a file does not parse, and what is not a compose file', () => {
        assert.throws(() => readComposeFile('services:\n  web:\n    image: [unclosed\n', 'bad.yaml'), (e: unknown) => e instanceof ComposeFileError && /^bad\.yaml line \d+, column \d+ is not valid YAML/.test(e.message));
        assert.throws(() => readComposeFile('just: a map\n', 'x.yml'), /x\.yml is not a compose file: it has no "services" section/);
        assert.throws(() => readComposeFile('services:\n  web: nginx\n', 'y.yml'), /the service "web" is not a mapping/);
    });
});

describe('merged project logs', () => {
    it('turns RFC 3339 stamps with trimmed fractions into keys that sort as time', () => {
        const keys = ['2026-11-30T10:00:00.1Z', '2026-11-30T10:00:00.123456789Z', '2026-11-30T10:00:00Z', '2026-11-30T10:00:00.05Z'].map(timestampKey);
        assert.deepEqual([...keys].sort(), [keys[2], keys[3], keys[0], keys[1]]);
        assert.equal(timestampKey('not a time'), undefined);
    });

    it('holds lines for the window and releases them in timestamp order', () => {
        let now = 0;
        const out: string[] = [];
        const merge = new TimeOrderedMerge<string>(100, (s) => out.push(s), () => now);
        merge.push('b', 'web 2');
        now = 50;
        merge.push('a', 'db 1');
        merge.push('a', 'db 1 again');
        assert.equal(merge.release(), true);
        assert.deepEqual(out, []);
        now = 150;
        assert.equal(merge.release(), false);
        assert.deepEqual(out, ['db 1', 'db 1 again', 'web 2']);
        merge.push('c', 'late');
        merge.release(true);
        assert.deepEqual(out.at(-1), 'late');
    });
});
