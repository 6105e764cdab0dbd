/** Attach Shell's core against a real engine: bash is missing in busybox, so sh starts; I/O, resize, exit. */
import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineError } from '../../src/docker/describeEngineError';
import { EngineClient } from '../../src/docker/engineClient';
import { openShell } from '../../src/docker/exec';
import { TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { failOnUnhandledRejections, startRealEngine } from './realEngine';
import { waitFor } from '../harness/wait';

const HOST = '127.0.3.41';

describe('docker exec shell against a real engine', function () {
    this.timeout(120_000);
    let dockerd: Dockerd;
    let client: EngineClient;
    let truth: Docker;
    let running: string;
    failOnUnhandledRejections();

    before(async () => {
        ({ dockerd, client, truth } = await startRealEngine(HOST, 10_000));
        const c = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } });
        await c.start();
        running = c.id;
    });

    after(async () => {
        client?.dispose();
        await dockerd?.stop();
    });

    it('falls back from bash to sh, runs echo and reads the output; resize reaches the TTY; exit code arrives', async () => {
        const shell = await openShell(client, running, { cols: 120, rows: 40 });
        assert.equal(shell.shell, 'sh');
        let out = '';
        shell.onData((d) => (out += d));
        const exited = new Promise<number | undefined>((resolve) => shell.onExit(resolve));
        shell.write('echo hello\n');
        await waitFor('hello in the output', 10_000, () => /\r?\nhello\r?\n/.test(out));
        assert.doesNotMatch(out, /executable file not found/, 'the failed bash attempt does not leak into the terminal');
        shell.write('stty size\n');
        await waitFor('the initial size', 10_000, () => out.includes('40 120'));
        await shell.resize(100, 30);
        shell.write('stty size\n');
        await waitFor('the new size', 10_000, () => out.includes('30 100'));
        shell.write('printf "é测试\\n"\n');
        await waitFor('unicode output', 10_000, () => out.includes('é测试\r\n'));
        shell.write('exit 3\n');
        assert.equal(await exited, 3);
    });

    it('close() ends the session', async () => {
        const shell = await openShell(client, running, { cols: 80, rows: 24, shells: ['sh'] });
        const exited = new Promise<number | undefined>((resolve) => shell.onExit(resolve));
        shell.close();
        await exited;
    });

    it("disposing the host's client ends an open shell", async () => {
        const own = new EngineClient(client.endpoint, { timeoutMs: 10_000 });
        const shell = await openShell(own, running, { cols: 80, rows: 24 });
        const exited = new Promise<number | undefined>((resolve) => shell.onExit(resolve));
        own.dispose();
        assert.equal(await exited, undefined, 'no exit code: the connection was closed');
    });

    it('names every shell it tried when none exists', async () => {
        await assert.rejects(openShell(client, running, { cols: 80, rows: 24, shells: ['bash', 'zsh'] }), (e: unknown) =>
            e instanceof EngineError && /No shell could start.*bash: .*executable file not found.*zsh: /.test(e.message));
    });

    it('a stopped container gives the engine message', async () => {
        const stopped = await truth.createContainer({ Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        await assert.rejects(openShell(client, stopped.id, { cols: 80, rows: 24 }), (e: unknown) => e instanceof EngineError && e.statusCode === 409 && /not running/i.test(e.message));
    });
});
