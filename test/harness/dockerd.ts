/**
 * Real Docker engines for tests: each dockerd gets its own data-root and exec-root under a short
 * /tmp/adh-XXXXXX folder, a unix socket for setup, and a TLS-verified TCP listener on a loopback
 * address (any 127.x.y.z). No iptables and no bridge, so containers must use NetworkMode 'none'.
 *
 * Only processes this module started are ever signalled: the dockerd itself (by pid) and the
 * containerd/shim/container processes that descend from it, found through its own folder path.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';

interface CommonOptions {
    /** Loopback address of the TCP listener, e.g. 127.0.0.1 or 127.0.0.2. */
    host: string;
    /** dockerd binary; defaults to `dockerd` on PATH (or /usr/sbin/dockerd). */
    dockerdPath?: string;
    /** How long start()/restart() wait for the engine to answer; default 60 s. */
    startTimeoutMs?: number;
}

/** An engine configured by the harness: TLS-verified TCP with these PEMs. */
export interface HarnessTlsOptions extends CommonOptions {
    /** TCP port for the TLS listener; 0 picks a free one. */
    port: number;
    caPem: string;
    serverCertPem: string;
    serverKeyPem: string;
}

/**
 * An engine configured by someone else (a simulated VM): the harness adds only its own folders,
 * the unix socket and the no-iptables/no-bridge flags; everything else, TLS included, is `args`.
 */
export interface ConfiguredOptions extends CommonOptions {
    /** dockerd's arguments: `-H` listeners (use `{socket}` for the harness's unix socket) and the rest. */
    args: string[];
    /** TCP port of the listener that readiness waits for; 0 when the configuration has none. */
    port: number;
    /** A command prefix that ends by exec'ing its arguments (dockerd and its args), e.g. a namespace setup. */
    launcher?: string[];
    /** An existing folder owned by the caller: kept on stop(), so data survives a later start. */
    dir: string;
    /** The configuration sets data-root, and the launcher puts `dir`/data there: no --data-root flag. */
    dataRootFromConfig?: boolean;
}

export type DockerdOptions = HarnessTlsOptions | ConfiguredOptions;

export interface Dockerd {
    readonly pid: number;
    readonly host: string;
    readonly port: number;
    /** unix socket path, for setup through the Engine API without TLS. */
    readonly socketPath: string;
    /** the per-daemon folder (data-root, exec-root, certs, socket). */
    readonly dir: string;
    /** true while the dockerd process is running. */
    readonly running: boolean;
    /** dockerd's recent stdout/stderr. */
    logs(): string;
    /** resolves once the engine answers /_ping on the socket and the TCP port accepts. */
    readyWithin(ms: number): Promise<void>;
    /** SIGTERM, wait for exit, then remove the data root (unless the caller owns the folder). Idempotent. */
    stop(): Promise<void>;
    /** SIGTERM and wait, as a shutdown would; the data root is kept so restart() can follow. */
    shutdown(): Promise<void>;
    /** SIGKILL, for engine-loss tests; the data root is kept so restart() can follow. */
    kill(): Promise<void>;
    /** start again with the same certs, port and data root (after kill() or stop-less crash). */
    restart(): Promise<void>;
    /** a dockerode client over the unix socket (no TLS). */
    socketClient(): Docker;
}

const live = new Set<DockerdImpl>();
let exitHookInstalled = false;

export async function startDockerd(opts: DockerdOptions): Promise<Dockerd> {
    const d = 'args' in opts
        ? new DockerdImpl(opts, opts.dir, true)
        : new DockerdImpl({ ...opts, port: opts.port || (await freePort(opts.host)) }, fs.mkdtempSync('/tmp/adh-'), false);
    installExitHook();
    live.add(d);
    try {
        await d.launch();
    } catch (err) {
        await d.stop().catch(() => undefined);
        throw err;
    }
    return d;
}

class DockerdImpl implements Dockerd {
    private child: ChildProcess | undefined;
    private exited: Promise<void> = Promise.resolve();
    private logBuf = '';
    private stopped = false;
    readonly socketPath: string;
    readonly host: string;
    readonly port: number;

    constructor(private readonly opts: DockerdOptions, readonly dir: string, private readonly callerOwnsDir: boolean) {
        this.host = opts.host;
        this.port = opts.port;
        this.socketPath = path.join(dir, 'docker.sock');
        if ('args' in opts) {
            return;
        }
        fs.mkdirSync(path.join(dir, 'tls'), { mode: 0o700 });
        fs.writeFileSync(path.join(dir, 'tls', 'ca.pem'), opts.caPem);
        fs.writeFileSync(path.join(dir, 'tls', 'cert.pem'), opts.serverCertPem);
        fs.writeFileSync(path.join(dir, 'tls', 'key.pem'), opts.serverKeyPem, { mode: 0o600 });
        // An empty config file, so the machine's /etc/docker/daemon.json cannot change the test engine.
        fs.writeFileSync(path.join(dir, 'daemon.json'), '{}\n');
    }

    get pid(): number {
        return this.child?.pid ?? -1;
    }

    get running(): boolean {
        return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
    }

    logs(): string {
        return this.logBuf;
    }

    private logTail(): string {
        return this.logBuf.split('\n').filter((l) => !l.includes('module=grpc')).join('\n').slice(-4000);
    }

    socketClient(): Docker {
        return new Docker({ socketPath: this.socketPath });
    }

    async launch(): Promise<void> {
        if (this.stopped) {
            throw new Error('dockerd harness: already stopped');
        }
        if (this.running) {
            throw new Error(`dockerd harness: pid ${this.pid} is still running`);
        }
        // A previous SIGKILL may have left containerd, shims or a stale socket behind. dockerd
        // would otherwise find containerd.pid, think that containerd still runs, and time out.
        await waitGone(killDescendantsOf(this.dir, []), 10_000);
        fs.rmSync(this.socketPath, { force: true });
        fs.rmSync(path.join(this.dir, 'x', 'containerd', 'containerd.pid'), { force: true });
        const d = this.dir;
        // The harness's own folders and no host networking changes, whoever configured the rest.
        const harness = [
            ...('args' in this.opts && this.opts.dataRootFromConfig ? [] : ['--data-root', `${d}/data`]),
            '--exec-root', `${d}/x`,
            '--pidfile', `${d}/docker.pid`,
            '--iptables=false', '--ip-masq=false', '--bridge=none',
            '--userland-proxy=false',
        ];
        const opts = this.opts;
        const args = 'args' in opts
            ? [...harness, ...opts.args.map((a) => a.replace('{socket}', this.socketPath))]
            : [
                ...harness,
                '--config-file', `${d}/daemon.json`,
                '-H', `unix://${this.socketPath}`,
                '-H', `tcp://${this.host}:${this.port}`,
                '--tlsverify',
                '--tlscacert', `${d}/tls/ca.pem`,
                '--tlscert', `${d}/tls/cert.pem`,
                '--tlskey', `${d}/tls/key.pem`,
            ];
        const bin = opts.dockerdPath ?? findDockerd();
        const launcher = 'args' in opts ? opts.launcher ?? [] : [];
        const [command, ...commandArgs] = [...launcher, bin, ...args];
        const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
        this.child = child;
        const append = (b: Buffer) => {
            this.logBuf = (this.logBuf + b.toString()).slice(-200_000);
        };
        child.stdout!.on('data', append);
        child.stderr!.on('data', append);
        this.exited = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
                resolve();
            } else {
                child.once('exit', () => resolve());
            }
        });
        const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
        spawnError.catch(() => undefined);
        await Promise.race([this.readyWithin(this.opts.startTimeoutMs ?? 60_000), spawnError]);
    }

    async readyWithin(ms: number): Promise<void> {
        const deadline = Date.now() + ms;
        let last = 'nothing tried yet';
        while (Date.now() < deadline) {
            if (!this.running) {
                throw new Error(`dockerd exited (code ${this.child?.exitCode}, signal ${this.child?.signalCode}) before it was ready. Log tail:\n${this.logTail()}`);
            }
            try {
                await pingSocket(this.socketPath, Math.max(200, Math.min(2000, deadline - Date.now())));
                if (this.port) {
                    await tcpAccepts(this.host, this.port, 1000);
                }
                return;
            } catch (err) {
                last = (err as Error).message;
            }
            await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error(`dockerd on ${this.host}:${this.port} (socket ${this.socketPath}) not ready within ${ms} ms: ${last}. Log tail:\n${this.logTail()}`);
    }

    async kill(): Promise<void> {
        if (this.running) {
            process.kill(this.pid, 'SIGKILL');
        }
        await this.exited;
    }

    async shutdown(): Promise<void> {
        await this.terminate();
    }

    async restart(): Promise<void> {
        if (this.running) {
            await this.terminate();
        }
        await this.launch();
    }

    async stop(): Promise<void> {
        if (this.stopped) {
            return;
        }
        if (this.running) {
            // Removing the containers first keeps shutdown quick and leaves no shims behind.
            try {
                const docker = this.socketClient();
                const containers = await docker.listContainers({ all: true });
                await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
                // A swarm member leaves first: its docker_gwbridge network can only go once it has.
                await docker.swarmLeave({ force: true }).catch(() => undefined);
                // User networks own Linux bridges in the host's namespace, which outlive the data root;
                // left behind, they use up the default address pools for every later daemon
                // (docker_gwbridge, which swarm makes, is one).
                const networks = await docker.listNetworks();
                await Promise.all(networks.filter((n) => !['bridge', 'host', 'none'].includes(n.Name)).map((n) => docker.getNetwork(n.Id).remove().catch(() => undefined)));
            } catch {
                // best effort; terminate() sweeps leftovers
            }
            await this.terminate();
        }
        await waitGone(killDescendantsOf(this.dir, []), 10_000);
        this.stopped = true;
        live.delete(this);
        cleanupDirSync(this.dir, this.child?.pid, !this.callerOwnsDir);
    }

    private async terminate(): Promise<void> {
        if (this.running) {
            process.kill(this.pid, 'SIGTERM');
            const timedOut = await Promise.race([
                this.exited.then(() => false),
                new Promise<boolean>((r) => setTimeout(() => r(true), 30_000).unref()),
            ]);
            if (timedOut && this.running) {
                process.kill(this.pid, 'SIGKILL');
                await this.exited;
            }
        }
        await waitGone(killDescendantsOf(this.dir, []), 10_000);
    }

    /** exit-hook cleanup: synchronous, best effort. */
    forceCleanupSync(): void {
        if (this.running) {
            try {
                process.kill(this.pid, 'SIGKILL');
            } catch {
                // already gone
            }
        }
        cleanupDirSync(this.dir, this.child?.pid, !this.callerOwnsDir);
    }
}

function cleanupDirSync(dir: string, dockerdPid: number | undefined, remove: boolean): void {
    killDescendantsOf(dir, dockerdPid ? [dockerdPid] : []);
    // Unmount anything still mounted below the folder (deepest first), then remove it.
    const mounts = fs
        .readFileSync('/proc/self/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
        .filter((m): m is string => !!m && (m === dir || m.startsWith(dir + '/')))
        .sort((a, b) => b.length - a.length);
    for (const m of mounts) {
        spawnSync('umount', ['-l', m], { stdio: 'ignore' });
    }
    if (!remove) {
        return;
    }
    try {
        fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
        // leave it; reported by nothing, harmless under /tmp
    }
}

/**
 * Kills (SIGKILL) every process whose command line names `dir` (this daemon's containerd and
 * shims), every descendant of those (container processes), and the given extra roots.
 */
function killDescendantsOf(dir: string, roots: number[]): number[] {
    const procs = new Map<number, { ppid: number; cmd: string }>();
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) {
            continue;
        }
        const pid = Number(entry);
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
            procs.set(pid, { ppid, cmd });
        } catch {
            // exited meanwhile
        }
    }
    const targets = new Set<number>(roots.filter((p) => procs.has(p)));
    for (const [pid, p] of procs) {
        if (p.cmd.includes(dir + '/') && pid !== process.pid) {
            targets.add(pid);
        }
    }
    let grew = true;
    while (grew) {
        grew = false;
        for (const [pid, p] of procs) {
            if (!targets.has(pid) && targets.has(p.ppid)) {
                targets.add(pid);
                grew = true;
            }
        }
    }
    for (const pid of targets) {
        try {
            process.kill(pid, 'SIGKILL');
        } catch {
            // gone
        }
    }
    return [...targets];
}

/** Waits until none of `pids` exists any more (zombies count as gone). */
async function waitGone(pids: number[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const alive = (pid: number) => {
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
            return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
        } catch {
            return false;
        }
    };
    while (pids.some(alive) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
    }
}

function installExitHook(): void {
    if (exitHookInstalled) {
        return;
    }
    exitHookInstalled = true;
    process.on('exit', () => {
        for (const d of live) {
            d.forceCleanupSync();
        }
    });
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(sig, () => {
            for (const d of live) {
                d.forceCleanupSync();
            }
            live.clear();
            process.exit(128 + (os.constants.signals[sig] ?? 1));
        });
    }
}

function findDockerd(): string {
    for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
        const p = path.join(dir, 'dockerd');
        if (dir && fs.existsSync(p)) {
            return p;
        }
    }
    throw new Error('dockerd not found: install docker.io (scripts/ensure-deps.sh does)');
}

function pingSocket(socketPath: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const req = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
            res.resume();
            if (res.statusCode === 200) {
                resolve();
            } else {
                reject(new Error(`/_ping answered ${res.statusCode}`));
            }
        });
        req.on('timeout', () => req.destroy(new Error('/_ping timed out')));
        req.on('error', reject);
    });
}

function tcpAccepts(host: string, port: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const s = net.connect({ host, port });
        const t = setTimeout(() => s.destroy(new Error(`connect ${host}:${port} timed out`)), timeoutMs);
        s.once('connect', () => {
            clearTimeout(t);
            s.destroy();
            resolve();
        });
        s.once('error', (e) => {
            clearTimeout(t);
            reject(e);
        });
    });
}

/** A free TCP port on `host` (bound and released; a tiny race is accepted). */
export function freePort(host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.once('error', reject);
        srv.listen(0, host, () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

// ---------------------------------------------------------------------------------------------
// The test image: busybox (static) and its applet links, imported as testbox:1.

export const TEST_IMAGE = 'testbox:1';
let rootfsTar: Promise<string> | undefined;

/** Imports testbox:1 into the engine behind `socketPath` unless it is there already. */
export async function ensureTestImage(socketPath: string): Promise<void> {
    const docker = new Docker({ socketPath });
    try {
        await docker.getImage(TEST_IMAGE).inspect();
        return;
    } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 404) {
            throw err;
        }
    }
    const tar = await (rootfsTar ??= buildRootfsTar());
    const [repo, tag] = TEST_IMAGE.split(':');
    const stream = await docker.importImage(fs.createReadStream(tar), {
        repo,
        tag,
        changes: ['CMD ["sh"]', 'ENV PATH=/bin'],
    } as object);
    await new Promise<void>((resolve, reject) => {
        docker.modem.followProgress(stream, (err: Error | null, output: Array<{ error?: string }>) => {
            const failed = output?.find((o) => o.error);
            if (err || failed) {
                reject(err ?? new Error(`import ${TEST_IMAGE}: ${failed!.error}`));
            } else {
                resolve();
            }
        });
    });
    await docker.getImage(TEST_IMAGE).inspect();
}

async function buildRootfsTar(): Promise<string> {
    const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((p) => fs.existsSync(p));
    if (!busybox) {
        throw new Error('busybox not found: install busybox-static (scripts/ensure-deps.sh does)');
    }
    const out = spawnSync('file', ['-L', busybox], { encoding: 'utf8' });
    if (out.status === 0 && !/statically linked|static-pie/.test(out.stdout)) {
        throw new Error(`${busybox} is not statically linked: install busybox-static`);
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'adh-rootfs-'));
    const root = path.join(work, 'rootfs');
    for (const d of ['bin', 'tmp', 'etc', 'root', 'proc', 'sys', 'dev', 'var']) {
        fs.mkdirSync(path.join(root, d), { recursive: true });
    }
    fs.chmodSync(path.join(root, 'tmp'), 0o1777);
    fs.copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
    fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
    const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
    const applets = list.status === 0 ? list.stdout.split('\n').filter(Boolean) : [];
    for (const a of new Set([...applets, 'sh', 'sleep', 'echo', 'ls', 'cat', 'env', 'true', 'false', 'ps', 'top'])) {
        if (a !== 'busybox' && /^[\w.[\]-]+$/.test(a)) {
            fs.symlinkSync('busybox', path.join(root, 'bin', a));
        }
    }
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n');
    fs.writeFileSync(path.join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    const tar = path.join(work, 'rootfs.tar');
    const r = spawnSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', tar, '.'], { encoding: 'utf8' });
    if (r.status !== 0) {
        throw new Error(`tar failed: ${r.stderr}`);
    }
    fs.rmSync(root, { recursive: true, force: true });
    process.once('exit', () => fs.rmSync(work, { recursive: true, force: true }));
    return tar;
}
