import * as assert from 'node:assert/strict';
import Docker from 'dockerode';
import { ensureTestImage, startDockerd, TEST_IMAGE, type Dockerd } from '../harness/dockerd';
import { createTestPki, type TestPki } from '../harness/pki';

function tlsClient(d: Dockerd, pki: TestPki, withClientCert = true): Docker {
    return new Docker({
        protocol: 'https',
        host: d.host,
        port: d.port,
        ca: pki.ca.certPem,
        ...(withClientCert ? { cert: pki.client.certPem, key: pki.client.keyPem } : {}),
    });
}

async function runEcho(docker: Docker, text: string): Promise<string> {
    const c = await docker.createContainer({
        Image: TEST_IMAGE,
        Cmd: ['echo', text],
        HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
    await c.wait();
    const logs = await c.logs({ stdout: true, stderr: true, follow: false });
    await c.remove({ force: true });
    // Non-TTY logs are multiplexed: 8-byte frame headers before each chunk.
    return demux(logs as unknown as Buffer);
}

function demux(buf: Buffer): string {
    let out = '';
    let i = 0;
    while (i + 8 <= buf.length) {
        const len = buf.readUInt32BE(i + 4);
        out += buf.subarray(i + 8, i + 8 + len).toString();
        i += 8 + len;
    }
    return out;
}

describe('harness: dockerd with TLS', function () {
    this.timeout(180_000);
    let pki: TestPki;
    const daemons: Dockerd[] = [];

    before(async () => {
        pki = await createTestPki(['127.0.0.1', '127.0.0.2']);
        daemons.push(
            ...(await Promise.all(
                ['127.0.0.1', '127.0.0.2'].map((host) =>
                    startDockerd({ host, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem }),
                ),
            )),
        );
        await Promise.all(daemons.map((d) => ensureTestImage(d.socketPath)));
    });

    after(async () => {
        await Promise.all(daemons.map((d) => d.stop()));
    });

    it('runs testbox:1 echo over TLS on two loopback addresses', async () => {
        for (const d of daemons) {
            const out = await runEcho(tlsClient(d, pki), `hi from ${d.host}`);
            assert.equal(out, `hi from ${d.host}\n`);
        }
        assert.notEqual(daemons[0].pid, daemons[1].pid);
    });

    it('ensureTestImage is idempotent', async () => {
        await ensureTestImage(daemons[0].socketPath);
        const images = await daemons[0].socketClient().listImages({ filters: { reference: [TEST_IMAGE] } });
        assert.equal(images.length, 1);
    });

    it('refuses a client without a certificate', async () => {
        await assert.rejects(tlsClient(daemons[0], pki, false).ping());
    });

    it('refuses a client certificate from another CA', async () => {
        const other = await createTestPki(['127.0.0.1']);
        const docker = new Docker({
            protocol: 'https', host: daemons[0].host, port: daemons[0].port,
            ca: pki.ca.certPem, cert: other.client.certPem, key: other.client.keyPem,
        });
        await assert.rejects(docker.ping());
    });

    it('kill() drops the engine and restart() brings it back with the same port and data', async () => {
        const d = daemons[1];
        const docker = tlsClient(d, pki);
        const c = await docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '1000'], HostConfig: { NetworkMode: 'none' } });
        await c.start();
        const oldPid = d.pid;
        await d.kill();
        assert.equal(d.running, false);
        await assert.rejects(docker.ping());
        await d.restart();
        assert.notEqual(d.pid, oldPid);
        await d.readyWithin(5000);
        assert.equal(String(await docker.ping()), 'OK');
        const info = await c.inspect();
        assert.equal(info.Config.Image, TEST_IMAGE);
        assert.equal(await runEcho(docker, 'again'), 'again\n');
    });
});
