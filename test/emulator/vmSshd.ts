/**
 * A simulated VM's sshd: Debian's real OpenSSH server, run as the VM runs it. At first boot the
 * VM provisions as Azure's Linux provisioning does: the admin user of osProfile with its
 * authorized keys (sudo without a password), password logins off, and host keys of its own
 * (the machine's, seen through the overlay, are removed and new ones generated, as cloud-init's
 * ssh module does). Then sshd runs inside the VM's sandbox (its root, pid and mount namespaces)
 * but in the machine's network namespace, listening on the VM's inner address, port 22; the VM's
 * edge (vmEdge.ts) serves port 22 of its public IP only to callers its NSG allows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { enterVm, type VmFolder } from './vmSandbox';

export interface OsProfileAccount {
    user: string;
    keys: { path: string; keyData: string }[];
}

/** What first boot provisions (read by the `adh-provision-ssh` stub). */
export function writeOsProfileAccount(vm: VmFolder, account: OsProfileAccount | undefined): void {
    if (!account || !/^[a-z_][a-z0-9_-]{0,31}$/.test(account.user)) {
        return;
    }
    fs.writeFileSync(path.join(vm.state, 'admin-user'), `${account.user}\n`);
    // One "path<TAB>key" line per key; a key is one line of text.
    fs.writeFileSync(path.join(vm.state, 'admin-keys'),
        account.keys.map((k) => `${k.path}\t${k.keyData.replace(/[\r\n]+/g, ' ').trim()}\n`).join(''));
}

/** First boot's account and host-key provisioning; a stub on the VM's PATH, run by adh-boot. */
export const provisionSsh = `#!/bin/bash
set -eu
s=/run/adh/state
[ -e "$s/ssh-provisioned" ] && exit 0
rm -f /etc/ssh/ssh_host_*
ssh-keygen -A >/dev/null
install -d -m 0755 /etc/ssh/sshd_config.d
printf 'PasswordAuthentication no\\nKbdInteractiveAuthentication no\\n' >/etc/ssh/sshd_config.d/50-cloudimg-settings.conf
if [ -f "$s/admin-user" ]; then
    user=$(cat "$s/admin-user")
    id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
    install -d -m 0750 /etc/sudoers.d
    printf '%s ALL=(ALL) NOPASSWD:ALL\\n' "$user" >"/etc/sudoers.d/90-cloud-init-users"
    chmod 0440 /etc/sudoers.d/90-cloud-init-users
    while IFS=$'\\t' read -r file key; do
        [ -n "$file" ] || continue
        install -d -m 0700 -o "$user" -g "$user" "\${file%/*}"
        printf '%s\\n' "$key" >>"$file"
        chown "$user:$user" "$file"
        chmod 0600 "$file"
    done <"$s/admin-keys"
fi
: >"$s/ssh-provisioned"
`;

export interface VmSshd {
    readonly pid: number;
    readonly running: boolean;
    logs(): string;
    stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts the VM's sshd on `address`:22 and waits until it accepts connections. */
export async function startVmSshd(vm: VmFolder, hostname: string, address: string, timeoutMs = 15_000): Promise<VmSshd> {
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        // unshare --kill-child takes the VM's pid namespace (sshd and its sessions) with it.
        process.on('exit', () => live.forEach((c) => c.pid && tryKill(c.pid, 'SIGKILL')));
    }
    const child = spawn('unshare', ['--mount', '--pid', '--uts', '--ipc', '--fork', '--kill-child', '--propagation', 'private', '--',
        '/bin/bash', '-c', enterVm, 'vm', vm.dir, hostname, '/bin/bash', '-c',
        'install -d -m 0755 /run/sshd && exec /usr/sbin/sshd -D -e -o "ListenAddress=$1:22" -o PidFile=none', 'sshd', address], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
    });
    live.add(child);
    let log = '';
    const append = (b: Buffer) => (log = (log + b.toString()).slice(-50_000));
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    let exited = false;
    const gone = new Promise<void>((resolve) => child.once('close', () => {
        exited = true;
        live.delete(child);
        resolve();
    }));
    const sshd: VmSshd = {
        pid: child.pid!,
        get running() {
            return !exited;
        },
        logs: () => log,
        async stop() {
            // unshare ignores SIGTERM while it waits; its death kills sshd (pid 1) and the namespace.
            if (!exited) {
                tryKill(child.pid!, 'SIGKILL');
                await gone;
            }
        },
    };
    const deadline = Date.now() + timeoutMs;
    while (!(await accepts(address, 22))) {
        if (exited || Date.now() > deadline) {
            await sshd.stop();
            throw new Error(`sshd of VM ${hostname} did not listen on ${address}:22: ${log.slice(-2000)}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return sshd;
}

function accepts(host: string, port: number): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        socket.once('connect', () => {
            socket.destroy();
            resolve(true);
        });
        socket.once('error', () => resolve(false));
    });
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(pid, signal);
    } catch {
        // already gone
    }
}
