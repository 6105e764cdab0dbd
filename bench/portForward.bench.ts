/**
 * Forward Port to Localhost: 100 MB from a TCP server on the VM's side, read through the
 * extension's forward (src/ssh/portForward.ts over one ssh2 connection to the VM's real sshd in
 * its sandbox), against the same 100 MB read directly from the server's port. OpenSSH's own
 * `ssh -L` over the same sshd is measured beside it, as the reference for what SSH costs here.
 * Alternating runs, median of three each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { generateEd25519KeyPair } from '../src/azure/create/sshKeyPair';
import { pinHostKeys, pinnedSshOptions } from '../src/ssh/hostKeys';
import { startPortForward } from '../src/ssh/portForward';
import { connectSsh } from '../src/ssh/sshConnection';
import { createVmFolder, runInVm } from '../test/emulator/vmSandbox';
import { startVmSshd, writeOsProfileAccount } from '../test/emulator/vmSshd';
import type { Result } from './result';
import { round } from './stats';

const ADDRESS = '127.0.3.91';
const BYTES = 100 * 1024 * 1024;
const RUNS = 3;

export async function run(): Promise<Result> {
    const vm = createVmFolder();
    const keyDir = mkdtempSync('/tmp/adh-benchkey-');
    const keys = generateEd25519KeyPair('bench');
    writeFileSync(join(keyDir, 'id'), keys.privateKey, { mode: 0o600 });
    writeOsProfileAccount(vm, { user: 'azureuser', keys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: keys.publicKey }] });
    const boot = await runInVm(vm, 'benchvm', { boot: true });
    if (boot.exitCode !== 0) {
        throw new Error(`the VM did not boot: ${boot.stderr}`);
    }
    const sshd = await startVmSshd(vm, 'benchvm', ADDRESS);
    const chunk = Buffer.alloc(1024 * 1024, 7);
    // The "published port": a server in the VM's network (this machine's, for a simulated VM).
    const server = net.createServer((socket) => {
        // A reader that leaves early (the readiness probe) is not an error.
        socket.on('error', () => undefined);
        let sent = 0;
        const write = () => {
            while (sent < BYTES) {
                sent += chunk.length;
                if (!socket.write(chunk)) {
                    socket.once('drain', write);
                    return;
                }
            }
            socket.end();
        };
        write();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const remotePort = (server.address() as net.AddressInfo).port;
    try {
        const hostKey = readFileSync(join(vm.disk, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8').split(' ');
        const ssh = await connectSsh({ hostName: 'benchvm', address: ADDRESS, user: 'azureuser', privateKeyPath: join(keyDir, 'id'), pinned: [{ type: hostKey[0], key: hostKey[1] }] });
        const forward = await startPortForward(ssh, remotePort);
        await pinHostKeys(keyDir, [{ type: hostKey[0], key: hostKey[1] }]);
        const opensshPort = await freePort();
        const openssh = spawn('ssh', ['-N', '-F', '/dev/null', '-i', join(keyDir, 'id'), ...pinnedSshOptions(keyDir), '-o', 'ExitOnForwardFailure=yes',
            '-L', `127.0.0.1:${opensshPort}:127.0.0.1:${remotePort}`, `azureuser@${ADDRESS}`], { stdio: 'ignore' });
        await waitListening(opensshPort);
        const direct: number[] = [];
        const forwarded: number[] = [];
        const viaOpenssh: number[] = [];
        for (let i = 0; i < RUNS; i++) {
            direct.push(await download(remotePort));
            forwarded.push(await download(forward.localPort));
            viaOpenssh.push(await download(opensshPort));
        }
        openssh.kill();
        await forward.close();
        ssh.end();
        const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
        const mbps = (ms: number) => round(BYTES / 1024 / 1024 / (ms / 1000));
        const ratio = round(mbps(median(forwarded)) / mbps(median(direct)), 3);
        return {
            name: 'port-forward-throughput',
            figures: {
                directMBps: mbps(median(direct)), forwardedMBps: mbps(median(forwarded)), forwardedOverDirect: ratio,
                opensshForwardMBps: mbps(median(viaOpenssh)), opensshForwardOverDirect: round(mbps(median(viaOpenssh)) / mbps(median(direct)), 3),
            },
            goal: '100 MB through Forward Port to Localhost ≥ 0.7 of the throughput of the same transfer direct to the port',
            pass: ratio >= 0.7,
        };
    } finally {
        server.close();
        await sshd.stop();
        rmSync(vm.dir, { recursive: true, force: true });
        rmSync(keyDir, { recursive: true, force: true });
    }
}

/** Reads the whole 100 MB from a local port; the time in ms. */
function download(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
        const started = performance.now();
        let received = 0;
        const socket = net.connect({ host: '127.0.0.1', port });
        socket.on('data', (b: Buffer) => (received += b.length));
        socket.once('error', reject);
        socket.once('close', () => received === BYTES ? resolve(performance.now() - started) : reject(new Error(`received ${received} of ${BYTES} bytes`)));
    });
}

function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const probe = net.createServer().listen(0, '127.0.0.1', () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}

async function waitListening(port: number): Promise<void> {
    for (let i = 0; i < 100; i++) {
        const up = await new Promise<boolean>((resolve) => {
            const s = net.connect({ host: '127.0.0.1', port }, () => {
                s.destroy();
                resolve(true);
            });
            s.once('error', () => resolve(false));
        });
        if (up) {
            return;
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`ssh -L did not listen on ${port}`);
}
