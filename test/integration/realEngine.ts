import * as assert from 'node:assert/strict';
import type Docker from 'dockerode';
import { EngineClient } from '../../src/docker/engineClient';
import { ensureTestImage, startDockerd, type Dockerd } from '../harness/dockerd';
import { createTestPki, type TestPki } from '../harness/pki';

export interface RealEngine {
    readonly dockerd: Dockerd;
    /** Our client, over TLS with the good material. */
    readonly client: EngineClient;
    /** The engine over its unix socket, to set up and check state without our code. */
    readonly truth: Docker;
    readonly pki: TestPki;
}

/** A real dockerd with TLS on `host`, the test image imported, and a client of ours for it. */
export async function startRealEngine(host: string, timeoutMs: number): Promise<RealEngine> {
    const pki = await createTestPki([host]);
    const dockerd = await startDockerd({ host, port: 0, caPem: pki.ca.certPem, serverCertPem: pki.server.certPem, serverKeyPem: pki.server.keyPem });
    await ensureTestImage(dockerd.socketPath);
    const client = new EngineClient({ address: host, port: dockerd.port, tls: { ca: pki.ca.certPem, cert: pki.client.certPem, key: pki.client.keyPem } }, { timeoutMs });
    return { dockerd, client, truth: dockerd.socketClient(), pki };
}

/** Fails each test of the enclosing suite that leaves an unhandled promise rejection behind. */
export function failOnUnhandledRejections(): void {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    before(() => process.on('unhandledRejection', onRejection));
    after(() => process.off('unhandledRejection', onRejection));
    afterEach(() => assert.deepEqual(rejections.splice(0), [], 'no unhandled rejection'));
}
