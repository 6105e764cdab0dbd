/**
 * The engine over SSH against the same engine over TLS, in one run: a host created through the
 * emulator (real setup script, real dockerd, the VM's real sshd behind the NSG edge), its admin
 * user given the engine's socket as an SSH-only setup does, so that one engine answers both ways.
 * - listing 1,000 containers, SSH ÷ TLS of the medians, interleaved: judged with one client per
 *   transport kept across listings, as the tree keeps one per host (over SSH, the host's one connection; 15 each);
 *   a fresh client each time (for SSH, handshake and login included) is reported beside it (5 each);
 * - event → tree: a rename made over the unix socket until each watcher's change callback (the
 *   tree's refresh trigger), p95 over SSH against p95 over TLS;
 * - connections: a 60 s session over SSH with the explorer listing, the event stream, a followed log
 *   and a shell typing, sampling the established TCP connections to the VM's port 22 every second.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createArmClients } from '../src/azure/armClients';
import { createDockerHost } from '../src/azure/create/createDockerHost';
import { hostKeysFromArm } from '../src/azure/lifecycle/pinnedHostKeys';
import { generateEd25519KeyPair } from '../src/azure/create/sshKeyPair';
import { EngineClient } from '../src/docker/engineClient';
import { openShell } from '../src/docker/exec';
import { watchEngineEvents } from '../src/docker/events';
import { followLogs } from '../src/docker/logs';
import { listContainers } from '../src/docker/operations';
import { SharedSshConnection } from '../src/ssh/sharedSshConnection';
import type { SshTarget } from '../src/ssh/sshConnection';
import { readClientMaterial } from '../src/tls/storage';
import { TEST_IMAGE } from '../test/harness/dockerd';
import { startCreateWorld } from '../test/integration/createWorld';
import type { Result } from './result';
import { bounded, percentile, round, sleep } from './stats';

const CONTAINERS = 1000;
const RUNS = 5;
/** A kept client's listing is cheap and, on a busy machine, noisy: more samples for the median. */
const WARM_RUNS = 15;
const EVENTS = 30;
const SESSION_MS = 60_000;

export async function run(): Promise<Result> {
    const world = await startCreateWorld();
    const keyDir = mkdtempSync('/tmp/adh-benchkey-');
    try {
        const keys = generateEd25519KeyPair('bench@sshvstls');
        const keyPath = join(keyDir, 'id');
        writeFileSync(keyPath, keys.privateKey, { mode: 0o600 });
        const outcome = await createDockerHost({ plan: world.plan('sshvstls', { sshPublicKey: keys.publicKey }), sshPrivateKeyPath: keyPath, cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10 });
        if (!outcome.ok) {
            throw new Error(`create failed: ${String(outcome.error)}`);
        }
        const vm = world.engines.all()[0];
        // What an SSH-only setup does: the admin user may use the engine's socket; a fresh sshd sees the new group.
        const granted = await world.engines.runAsRoot(vm.id, ['usermod', '-aG', 'docker', 'azureuser']);
        if (granted.exitCode !== 0) {
            throw new Error(granted.stderr);
        }
        await vm.sshd!.stop();
        await world.engines.restartSshd(vm.id);
        // The host keys from the setup's output, read through ARM, as an SSH-only create pins them.
        const clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        const pinned = await hostKeysFromArm({ clients, cloud: world.cloud }, { resourceGroup: 'sshvstls-rg', name: 'sshvstls' });
        const address = outcome.host.address.ipAddress;
        const target: SshTarget = { hostName: 'sshvstls', address, user: 'azureuser', privateKeyPath: keyPath, pinned };
        const tls = await readClientMaterial(outcome.dir);
        const tlsClient = () => new EngineClient({ address, port: 2376, tls }, { timeoutMs: 60_000 });
        const sshClient = () => new EngineClient({ address, port: 22, ssh: new SharedSshConnection(target) }, { timeoutMs: 60_000 });
        const truth = vm.engine!.socketClient();

        await bounded(Array.from({ length: CONTAINERS }, (_, i) => i), 8, (i) =>
            truth.createContainer({ name: `bench-${i}`, Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } }));
        const list = async (make: () => EngineClient, fresh = true): Promise<number> => {
            const client = make();
            try {
                const t0 = performance.now();
                const rows = await listContainers(client);
                if (rows.length < CONTAINERS) {
                    throw new Error(`listed ${rows.length} of ${CONTAINERS}`);
                }
                return performance.now() - t0;
            } finally {
                if (fresh) {
                    client.dispose();
                }
            }
        };
        const listing = { tls: [] as number[], ssh: [] as number[] };
        for (let i = 0; i < RUNS; i++) {
            listing.tls.push(await list(tlsClient));
            listing.ssh.push(await list(sshClient));
        }
        const freshRatio = percentile(listing.ssh, 50) / percentile(listing.tls, 50);
        // Judged: a client kept across listings, as the tree keeps one per host (the SSH handshake is paid once per window).
        const warm = { tls: tlsClient(), ssh: sshClient(), tlsMs: [] as number[], sshMs: [] as number[] };
        await listContainers(warm.tls);
        await listContainers(warm.ssh);
        for (let i = 0; i < WARM_RUNS; i++) {
            warm.tlsMs.push(await list(() => warm.tls, false));
            warm.sshMs.push(await list(() => warm.ssh, false));
        }
        warm.tls.dispose();
        warm.ssh.dispose();
        const listRatio = percentile(warm.sshMs, 50) / percentile(warm.tlsMs, 50);

        // Both watchers follow the same engine at once; each rename is timed to each watcher's callback.
        const latency = { tls: [] as number[], ssh: [] as number[] };
        const clientsFor = { tls: tlsClient(), ssh: sshClient() };
        let started = 0;
        const seen = { tls: false, ssh: false };
        const watchers = (['tls', 'ssh'] as const).map((kind) => watchEngineEvents(clientsFor[kind], {
            onChange: (reason) => {
                if (reason.cause === 'events' && started && !seen[kind]) {
                    seen[kind] = true;
                    latency[kind].push(performance.now() - started);
                }
            },
        }));
        while (watchers.some((w) => w.status.state !== 'connected')) {
            await sleep(20);
        }
        // By id: each rename changes its name.
        const subject = await truth.createContainer({ name: 'bench-subject', Image: TEST_IMAGE, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
        for (let i = 0; i < EVENTS; i++) {
            seen.tls = seen.ssh = false;
            started = performance.now();
            await subject.rename({ name: `bench-renamed-${i}` });
            const deadline = Date.now() + 5000;
            while (!(seen.tls && seen.ssh) && Date.now() < deadline) {
                await sleep(2);
            }
            started = 0;
            // Past the watchers' coalescing windows, so the next change fires on its leading edge again.
            await sleep(700);
        }
        watchers.forEach((w) => w.dispose());
        clientsFor.tls.dispose();
        clientsFor.ssh.dispose();
        if (latency.tls.length < EVENTS || latency.ssh.length < EVENTS) {
            throw new Error(`missed events: tls ${latency.tls.length}, ssh ${latency.ssh.length} of ${EVENTS}`);
        }

        // A session as a user has it over SSH: explorer, events, a followed log and a shell.
        const session = sshClient();
        const running = await truth.createContainer({ name: 'bench-session', Image: TEST_IMAGE, Cmd: ['sh', '-c', 'while true; do echo tick; sleep 1; done'], HostConfig: { NetworkMode: 'none' } });
        await running.start();
        const events = watchEngineEvents(session, { onChange: () => undefined });
        let logLines = 0;
        const logs = await followLogs(session, running.id, { onLine: () => logLines++, tail: 0 });
        const shell = await openShell(session, running.id, { cols: 80, rows: 24, shells: ['sh'] });
        let echoed = 0;
        shell.onData((d) => (echoed += d.split('pong').length - 1));
        const counts: number[] = [];
        const end = Date.now() + SESSION_MS;
        for (let tick = 0; Date.now() < end; tick++) {
            if (tick % 5 === 0) {
                await listContainers(session);
            }
            shell.write('echo pong\n');
            counts.push(execFileSync('ss', ['-Htn', 'state', 'established', 'dst', `${address}:22`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).length);
            await sleep(1000);
        }
        shell.close();
        logs.stop();
        events.dispose();
        session.dispose();
        await running.remove({ force: true });
        if (logLines < SESSION_MS / 2000 || echoed < SESSION_MS / 2000) {
            throw new Error(`the session did not work: ${logLines} log lines, ${echoed} shell echoes`);
        }
        const p95 = { tls: percentile(latency.tls, 95), ssh: percentile(latency.ssh, 95) };
        const maxConnections = Math.max(...counts);
        const eventsPass = p95.ssh <= p95.tls + 20;
        return {
            name: 'ssh-vs-tls-engine',
            figures: {
                tlsList1kMedianMs: round(percentile(listing.tls, 50)), sshList1kMedianMs: round(percentile(listing.ssh, 50)), sshOverTlsList1k: round(freshRatio, 3),
                warmTlsList1kMedianMs: round(percentile(warm.tlsMs, 50)), warmSshList1kMedianMs: round(percentile(warm.sshMs, 50)), warmSshOverTlsList1k: round(listRatio, 3),
                tlsEventP95Ms: round(p95.tls), sshEventP95Ms: round(p95.ssh), sshMinusTlsEventP95Ms: round(p95.ssh - p95.tls),
                sshConnectionsMaxIn60s: maxConnections, sshConnectionsMinIn60s: Math.min(...counts),
            },
            goal: 'Same engine: listing 1,000 containers over SSH ÷ over TLS ≤ 1.3 (over the client the tree keeps per host, medians of 15: warm*; a fresh client each time, medians of 5, for information); event → tree p95 over SSH ≤ the TLS p95 + 20 ms; one SSH connection per host through a 60 s session with explorer, events, logs and a shell',
            pass: listRatio <= 1.3 && eventsPass && maxConnections === 1 && Math.min(...counts) === 1,
        };
    } finally {
        await world.stop();
        rmSync(keyDir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
