/**
 * Compose against a real engine over TLS: Up and Down through docker-compose v1 (Debian's; the v2
 * plugin is not installable here, its command line is checked in the unit tests), then the
 * project's group actions and merged logs through the Engine API.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { composeInvocation, detectCompose, runCompose, type ComposeProgram, type ComposeRequest, type ComposeTarget } from '../../src/docker/compose/composeCli';
import { projectContainers, projectVolumes, removeProject, restartProject, startProject, stopProject } from '../../src/docker/compose/composeProject';
import { followProjectLogs, type ProjectLogLine } from '../../src/docker/compose/projectLogs';
import type { EngineClient } from '../../src/docker/engineClient';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { waitFor } from '../harness/wait';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';

const HOST = '127.0.3.91';
const PROJECT = 'shiptest';

// The commands end on SIGTERM (a shell as PID 1 would ignore it), so stop does not wait out its grace period.
const composeYaml = `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo web $$i; i=$$((i+1)); sleep 0.1; done"]
    volumes: ["data:/data"]
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; echo worker ready; while true; do sleep 0.2; done"]
volumes:
  data: {}
`;

describe('compose against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    let work: string;
    let target: ComposeTarget;
    let program: ComposeProgram;
    failOnUnhandledRejections();

    before(async function () {
        program = await detectCompose();
        if (program.kind === 'missing') {
            // scripts/ensure-deps.sh installs Debian's docker-compose, so its absence is a set-up failure, not a skip.
            throw new Error('docker-compose is not installed: run scripts/ensure-deps.sh system');
        }
        const engine = await startRealEngine(HOST, 10_000);
        ({ dockerd, client, truth } = engine);
        work = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-compose-'));
        const certDir = path.join(work, 'certs');
        fs.mkdirSync(certDir, { mode: 0o700 });
        fs.writeFileSync(path.join(certDir, 'ca.pem'), engine.pki.ca.certPem);
        fs.writeFileSync(path.join(certDir, 'cert.pem'), engine.pki.client.certPem);
        fs.writeFileSync(path.join(certDir, 'key.pem'), engine.pki.client.keyPem, { mode: 0o600 });
        fs.writeFileSync(path.join(work, 'compose.yaml'), composeYaml);
        target = { address: HOST, port: dockerd.port, certDir, contextName: 'unused-by-v1' };
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    async function compose(request: Omit<ComposeRequest, 'file'>): Promise<{ code: number; output: string[] }> {
        const output: string[] = [];
        // The user's environment may point elsewhere: the invocation must not follow it.
        const env = { ...process.env, DOCKER_HOST: 'tcp://127.0.0.1:1', DOCKER_CONTEXT: 'elsewhere' };
        const invocation = composeInvocation(program, target, { ...request, file: path.join(work, 'compose.yaml') }, env);
        const code = await runCompose(invocation, { cwd: work, onLine: (l) => output.push(l) });
        return { code, output };
    }

    const states = async () => Object.fromEntries((await projectContainers(client, PROJECT)).map((c) => [c.service, c.state]));

    it('brings a project up and down with docker-compose against the host over TLS', async () => {
        assert.equal(program.kind, 'v1', 'this machine has docker-compose v1 only');
        const up = await compose({ action: 'up', projectName: PROJECT });
        assert.equal(up.code, 0, up.output.join('\n'));
        assert.deepEqual(await states(), { web: 'running', worker: 'running' });
        assert.deepEqual(await projectVolumes(client, PROJECT), [`${PROJECT}_data`]);
        const down = await compose({ action: 'down', projectName: PROJECT });
        assert.equal(down.code, 0, down.output.join('\n'));
        assert.deepEqual(await states(), {});
        assert.deepEqual((await truth.listNetworks()).filter((n) => n.Name.startsWith(PROJECT)), []);
        // Down keeps volumes, as compose does.
        assert.deepEqual(await projectVolumes(client, PROJECT), [`${PROJECT}_data`]);
    });

    it('reports a compose failure through its exit code and output', async () => {
        fs.writeFileSync(path.join(work, 'broken.yaml'), 'services:\n  x:\n    image: no-such-image-here:1\n');
        const output: string[] = [];
        const invocation = composeInvocation(program, target, { action: 'up', file: path.join(work, 'broken.yaml'), projectName: 'broken' });
        const code = await runCompose(invocation, { cwd: work, onLine: (l) => output.push(l) });
        assert.notEqual(code, 0);
        assert.match(output.join('\n'), /no-such-image-here/);
        await removeProject(client, 'broken');
    });

    it('stops, starts and restarts the project\'s group through the Engine API', async () => {
        assert.equal((await compose({ action: 'up', projectName: PROJECT })).code, 0);
        await stopProject(client, PROJECT);
        assert.deepEqual(await states(), { web: 'exited', worker: 'exited' });
        await startProject(client, PROJECT);
        assert.deepEqual(await states(), { web: 'running', worker: 'running' });
        const startedAt = async () => (await truth.getContainer((await projectContainers(client, PROJECT))[0].id).inspect()).State.StartedAt;
        const before = await startedAt();
        await restartProject(client, PROJECT);
        assert.deepEqual(await states(), { web: 'running', worker: 'running' });
        assert.notEqual(await startedAt(), before);
    });

    it('merges the services\' logs in time order, prefixed by service, and follows them live', async () => {
        const lines: ProjectLogLine[] = [];
        const logs = await followProjectLogs(client, PROJECT, { onLine: (l) => lines.push(l), tail: 5 });
        try {
            assert.deepEqual(logs.containers.map((c) => c.service), ['web', 'worker']);
            await waitFor('the worker line and live web lines', 20_000, () => lines.some((l) => l.service === 'worker' && l.text === 'worker ready') && lines.filter((l) => l.service === 'web').length >= 15);
        } finally {
            logs.stop();
            await logs.ended;
        }
        const web = lines.filter((l) => l.service === 'web' && l.source === 'stdout').map((l) => Number(/^web (\d+)$/.exec(l.text)?.[1]));
        assert.ok(web.every((n) => Number.isInteger(n)), 'every web line is the service\'s own text, without the timestamp');
        // The previous test stopped, started and restarted web, and each start begins its counter again, so the
        // tail of 5 may reach into three runs (up, start, restart); within a run the counter only rises by one.
        const runs = web.reduce((n, v, i) => n + (i > 0 && v < web[i - 1] ? 1 : 0), 1);
        assert.ok(runs <= 3, `web lines out of order: ${web.join(' ')}`);
        const live = web.slice(web.findLastIndex((v, i) => i > 0 && v < web[i - 1]) + 1);
        assert.ok(live.every((v, i) => i === 0 || v === live[i - 1] + 1), `web lines lost or reordered while following: ${web.join(' ')}`);
        assert.ok(web.length >= 15);
    });

    it('removes the group\'s containers and network, and its volumes only when they are named', async () => {
        const kept = await removeProject(client, PROJECT);
        assert.deepEqual(kept.containers.length, 2);
        assert.deepEqual(kept.networks, [`${PROJECT}_default`]);
        assert.deepEqual(kept.volumes, []);
        assert.deepEqual(await states(), {});
        assert.deepEqual((await truth.listNetworks()).filter((n) => n.Name.startsWith(PROJECT)), []);
        assert.deepEqual(await projectVolumes(client, PROJECT), [`${PROJECT}_data`]);

        assert.equal((await compose({ action: 'up', projectName: PROJECT })).code, 0);
        const all = await removeProject(client, PROJECT, { volumes: await projectVolumes(client, PROJECT) });
        assert.deepEqual(all.volumes, [`${PROJECT}_data`]);
        assert.deepEqual(await projectVolumes(client, PROJECT), []);
        assert.deepEqual(await states(), {});
    });
});
