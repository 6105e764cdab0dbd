/**
 * A simulated VM's machine: its disk is the upper layer of an overlay whose lower layer is this
 * machine's `/` (read-only through the overlay), and things run in it as root inside new mount,
 * pid, net, uts and ipc namespaces (util-linux unshare), with fresh /proc, a minimal /dev, and
 * tmpfs /run and /tmp. The stubs of vmStubs.ts come first on PATH.
 *
 * The VM's folder (/tmp/adh-vm-XXXXXX, short because dockerd's unix socket lives below it):
 *   disk/    the overlay's upper layer: everything the VM wrote; kept across stop/start
 *   work/    the overlay's work folder;   root/  where the overlay is mounted (inside namespaces only)
 *   sim/bin  the stubs;  sim/state  what they record (the simulation's, not on the VM's disk)
 *   engine/  dockerd's data root, exec root, pid file and unix socket (the harness's), which the VM
 *            sees at /run/docker.sock
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CustomScriptPayload } from './setupExtension';
import type { FileView } from './vmSystemd';
import { vmStubs } from './vmStubs';

export interface VmFolder {
    readonly dir: string;
    readonly disk: string;
    readonly state: string;
    readonly engineDir: string;
}

export function createVmFolder(): VmFolder {
    const dir = fs.mkdtempSync('/tmp/adh-vm-');
    fs.chmodSync(dir, 0o700);
    for (const sub of ['disk', 'work', 'root', 'sim/bin', 'sim/state', 'engine']) {
        fs.mkdirSync(path.join(dir, sub), { recursive: true });
    }
    for (const [name, text] of Object.entries(vmStubs)) {
        fs.writeFileSync(path.join(dir, 'sim/bin', name), text, { mode: 0o755 });
    }
    return { dir, disk: path.join(dir, 'disk'), state: path.join(dir, 'sim/state'), engineDir: path.join(dir, 'engine') };
}

/** What cloud-init installs at the VM's first boot. */
export function writeCloudInitPackages(vm: VmFolder, packages: string[]): void {
    fs.writeFileSync(path.join(vm.state, 'cloud-init-packages'), packages.map((p) => `${p}\n`).join(''));
}

/** Hands a CustomScript payload to the next `adh-run-extension` (vmStubs.ts). */
export function writeExtensionPayload(vm: VmFolder, payload: CustomScriptPayload): void {
    if ('script' in payload) {
        fs.writeFileSync(path.join(vm.state, 'script.sh'), payload.script, { mode: 0o600 });
    }
    fs.writeFileSync(path.join(vm.state, 'command'), 'script' in payload ? './script.sh' : payload.commandToExecute, { mode: 0o600 });
}

/**
 * Makes the VM's dockerd trust a registry's CA, the way Docker documents it:
 * /etc/docker/certs.d/<host:port>/ca.crt, read at each access to that registry. Written on the VM's
 * disk; a path no one has looked up yet shows through an overlay that is already mounted.
 */
export function trustRegistryCa(vm: VmFolder, server: string, caPem: string): void {
    const dir = path.join(vm.disk, 'etc/docker/certs.d', server);
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'ca.crt'), caPem, { mode: 0o644 });
}

/** Mounts the VM's root in the current (new) mount namespace; $1 is the VM's folder. */
const mountRoot = 'mount -t overlay overlay -o "lowerdir=/,upperdir=$1/disk,workdir=$1/work" "$1/root"';

/** Everything else a booted VM has, then pivot into it; $1 the folder, $2 the hostname. */
export const enterVm = `set -eu
${mountRoot}
r=$1/root
mount -t proc proc "$r/proc"
mount -t tmpfs -o mode=0755,nosuid tmpfs "$r/dev"
for d in null zero full random urandom tty; do : >"$r/dev/$d"; mount --bind "/dev/$d" "$r/dev/$d"; done
mkdir "$r/dev/pts" "$r/dev/shm"
# Terminals of the VM's own (an SSH session's pty).
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$r/dev/pts"
ln -s pts/ptmx "$r/dev/ptmx"
ln -s /proc/self/fd "$r/dev/fd"
ln -s /proc/self/fd/0 "$r/dev/stdin"; ln -s /proc/self/fd/1 "$r/dev/stdout"; ln -s /proc/self/fd/2 "$r/dev/stderr"
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$r/run"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$r/tmp"
mkdir -p "$r/run/adh/bin" "$r/run/adh/state" "$r/run/lock"
mount --bind "$1/sim/bin" "$r/run/adh/bin"
mount -o remount,bind,ro "$r/run/adh/bin"
mount --bind "$1/sim/state" "$r/run/adh/state"
# The engine's unix socket (the harness's, below the VM's folder) where Docker's packages put it.
mkdir -p "$r/run/adh/engine"
mount --bind "$1/engine" "$r/run/adh/engine"
ln -s /run/adh/engine/docker.sock "$r/run/docker.sock"
hostname "$2"
cd "$r"
pivot_root . .
umount -l .
cd /
shift 2
exec "$@"
`;

export interface VmRun {
    exitCode: number;
    stdout: string;
    stderr: string;
    /** Every stub call, in order: [command, ...args]. */
    calls: string[][];
    ms: number;
}

/** Runs `command` as root in the VM (after booting it when `boot`), and waits for it. */
export async function runInVm(vm: VmFolder, hostname: string, steps: { boot: boolean; command?: string[] }): Promise<VmRun> {
    const calls = path.join(vm.state, 'calls');
    fs.writeFileSync(calls, '');
    const inside = [...(steps.boot ? ['adh-boot'] : []), ...(steps.command ? [steps.command] : [])];
    // One shell line per step, so that a boot failure stops before the command.
    const script = inside.map((s) => (Array.isArray(s) ? `exec ${s.map(shellQuote).join(' ')}` : s)).join(' && ') || 'true';
    const started = Date.now();
    const child = spawn('unshare', ['--mount', '--pid', '--net', '--uts', '--ipc', '--fork', '--propagation', 'private', '--',
        '/bin/bash', '-c', enterVm, 'vm', vm.dir, hostname, '/bin/bash', '-c', script], {
        stdio: ['ignore', 'pipe', 'pipe'],
        // Nothing of the emulator's environment (its secrets) reaches the VM.
        env: { PATH: '/run/adh/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout = (stdout + b.toString()).slice(-100_000)));
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-100_000)));
    const exitCode = await new Promise<number>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, signal) => resolve(code ?? 128 + (signal ? 9 : 0)));
    });
    return {
        exitCode,
        stdout,
        stderr,
        calls: fs.readFileSync(calls, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')),
        ms: Date.now() - started,
    };
}

/**
 * The command prefix that runs dockerd with the VM's /etc (daemon.json, TLS files, key.json,
 * /etc/default/docker) in place of the machine's, in a mount namespace of its own. Everything
 * else it sees is the machine's: its folders, sockets and listeners are the harness's.
 */
export function engineLauncher(vm: VmFolder, dataRoot?: string): string[] {
    return ['unshare', '--mount', '--propagation', 'private', '--',
        '/bin/sh', '-c', `set -e; ${mountRoot}; mount --bind "$1/root/etc" /etc; ${dataRoot ? placeDataRoot : ''} shift 2; exec "$@"`,
        'engine', vm.dir, dataRoot ?? ''];
}

/**
 * A daemon.json `data-root` ($2) cannot be both there and the harness's --data-root flag (dockerd
 * refuses), so the harness's data folder is bind-mounted at that path, in the engine's mount
 * namespace only: the path's nearest existing folder on this machine gets an overlay whose upper
 * layer is the VM's engine folder, so creating the path writes nothing to the machine.
 */
const placeDataRoot = `a=$2; while [ -n "$a" ] && [ ! -d "$a" ]; do a=\${a%/*}; done
case $a in ''|/|/tmp|/tmp/*) echo "the simulation cannot place data-root $2 (nearest existing folder: \${a:-/})" >&2; exit 1 ;; esac
mkdir -p "$1/engine/data" "$1/engine/data-root-upper" "$1/engine/data-root-work"
mount -t overlay overlay -o "lowerdir=$a,upperdir=$1/engine/data-root-upper,workdir=$1/engine/data-root-work" "$a"
mkdir -p "$2"; mount --bind "$1/engine/data" "$2";`;

/**
 * The VM's files as the VM sees them, read from outside: its disk (the overlay's upper layer)
 * over the machine's `/`, with whiteouts hiding lower files and symbolic links resolved inside
 * the VM. (Opaque folders are not looked at: nothing the simulation runs creates one over a
 * folder that it then reads.)
 */
export class VmDiskView implements FileView {
    constructor(private readonly disk: string) {}

    /** The machine path that holds what the VM sees at `vmPath`, or undefined if it has nothing there. */
    resolve(vmPath: string, followLast = true): string | undefined {
        const canonical = this.canonical(vmPath, followLast);
        return canonical === undefined ? undefined : this.layerOf(canonical);
    }

    /** `vmPath` with the VM's symbolic links resolved (the last one only when `followLast`). */
    canonical(vmPath: string, followLast = true, hops = 0): string | undefined {
        const parts = vmPath.split('/').filter(Boolean);
        let current = '';
        for (let i = 0; i < parts.length; i++) {
            const candidate = `${current}/${parts[i]}`;
            const host = this.layerOf(candidate);
            if (host === undefined) {
                return undefined;
            }
            if ((i < parts.length - 1 || followLast) && fs.lstatSync(host).isSymbolicLink()) {
                if (hops > 40) {
                    return undefined;
                }
                const target = fs.readlinkSync(host);
                const base = target.startsWith('/') ? target : path.posix.join(current || '/', target);
                return this.canonical(path.posix.join(base, ...parts.slice(i + 1)), followLast, hops + 1);
            }
            current = candidate;
        }
        return current || '/';
    }

    read(vmPath: string): string | undefined {
        const host = this.resolve(vmPath);
        return host && fs.statSync(host).isFile() ? fs.readFileSync(host, 'utf8') : undefined;
    }

    stat(vmPath: string): fs.Stats | undefined {
        const host = this.resolve(vmPath);
        return host === undefined ? undefined : fs.statSync(host);
    }

    list(vmPath: string): string[] {
        const dir = this.canonical(vmPath);
        if (dir === undefined) {
            return [];
        }
        const names = new Set<string>();
        for (const layer of [path.join(this.disk, dir), dir]) {
            try {
                for (const name of fs.readdirSync(layer)) {
                    names.add(name);
                }
            } catch {
                // not in this layer
            }
        }
        return [...names].filter((name) => this.layerOf(path.posix.join(dir, name)) !== undefined).sort();
    }

    /** Which layer holds this exact path (no links followed): the disk's copy, the machine's, or none. */
    private layerOf(vmPath: string): string | undefined {
        const upper = path.join(this.disk, vmPath);
        try {
            const st = fs.lstatSync(upper);
            // A whiteout (character device 0:0) hides the lower file.
            return st.isCharacterDevice() && st.rdev === 0 ? undefined : upper;
        } catch {
            return fs.existsSync(vmPath) || isDanglingLink(vmPath) ? vmPath : undefined;
        }
    }
}

function isDanglingLink(p: string): boolean {
    try {
        return fs.lstatSync(p).isSymbolicLink();
    } catch {
        return false;
    }
}

function shellQuote(s: string): string {
    return `'${s.replace(/'/g, `'\\''`)}'`;
}
