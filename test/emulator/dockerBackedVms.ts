/**
 * VMs that run what the extension sends. A CustomScript PUT runs its script as root in the VM's
 * sandbox (vmSandbox.ts: namespaces, an overlay root over this machine's `/`, stubbed systemctl,
 * apt-get, cloud-init, service and sudo). Then a real dockerd starts from what the script left
 * behind, as systemd would start it: the docker.service unit and drop-ins as last loaded
 * (vmSystemd.ts; a drop-in written without `daemon-reload` is not used), the VM's /etc
 * (daemon.json, TLS files), listening on the VM's inner address. The VM's public IP (a loopback
 * address) belongs to its edge (vmEdge.ts), which lets a connection through to dockerd, sshd or a
 * published container port only when the VM's NSG allows the caller's IP. The harness adds only
 * its own folders, socket and no-iptables flags.
 * While the engine runs, the VM's private address is an address of this machine too
 * (privateAddresses.ts), so engines of one virtual network can form a Docker swarm over their
 * private addresses.
 *
 * A script that exits non-zero, or a configuration dockerd cannot start with, fails the extension
 * as on Azure, with the script's output. Power-off shuts dockerd down and keeps the VM's disk;
 * start boots again (units reloaded, enabled units started) and re-evaluates the configuration.
 * Delete removes the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureTestImage, startDockerd, type Dockerd } from '../harness/dockerd';
import type { Hooks, SetupExtensionHook, VmHookInfo, VmPowerHook } from './server';
import { releasePrivateAddress, usePrivateAddress } from './privateAddresses';
import { customScriptPayload } from './setupExtension';
import { parseCustomData, type CloudConfig } from './vmCloudInit';
import {
    createVmFolder, engineLauncher, runInVm, trustRegistryCa, VmDiskView, writeCloudInitPackages, writeExtensionPayload, type VmFolder, type VmRun,
} from './vmSandbox';
import { startVmSshd, writeOsProfileAccount, type VmSshd } from './vmSshd';
import { execStartArgv, loadUnit, serviceConfig, type FileView } from './vmSystemd';
import { tcpBackend, VmEdge } from './vmEdge';
import { followPublishedPorts, type PublishedPorts } from './vmPublishedPorts';

export interface SimulatedVm {
    readonly id: string;
    readonly name: string;
    readonly folder: VmFolder;
    /** The VM's files as it sees them (its disk over the machine's `/`). */
    readonly disk: VmDiskView;
    readonly publicIp: string;
    /** The primary NIC's private address, on this machine while the engine runs. */
    readonly privateIp: string | undefined;
    /** What the customData asked cloud-init for. */
    readonly cloudConfig: CloudConfig | undefined;
    /** Every run inside the VM: boots and CustomScript runs, in order. */
    readonly runs: (VmRun & { kind: 'boot' | 'extension' })[];
    /** The VM's public address: every port of the VM is reached through it, as its NSGs allow. */
    readonly edge: VmEdge;
    /** The published container ports the edge serves, following the engine's events. */
    published: PublishedPorts | undefined;
    /** The engine systemd would be running now, if any. */
    engine: Dockerd | undefined;
    /** That engine's full dockerd command line (harness flags included). */
    engineArgv: string[] | undefined;
    /** The VM's sshd (on its inner address, port 22, which the edge serves on the public IP) while the VM runs. */
    sshd: VmSshd | undefined;
}

export interface DockerBackedVms {
    readonly onSetupExtension: SetupExtensionHook;
    readonly onVmPower: VmPowerHook;
    readonly onCallerIpChange: (ip: string) => void;
    /** The three hooks above, to spread into startEmulator's options. */
    readonly hooks: Required<Hooks>;
    /** The engine behind a VM, by VM id (any case). */
    engine(vmId: string): Dockerd | undefined;
    /** The simulated VM, by VM id (any case). */
    vm(vmId: string): SimulatedVm | undefined;
    /** Every simulated VM, oldest first. */
    all(): SimulatedVm[];
    /** Starts a VM's sshd again after a test stopped it (as `systemctl start ssh` would). */
    restartSshd(vmId: string): Promise<void>;
    /** Runs a command as root in a running VM (as Run Command would), without booting it. */
    runAsRoot(vmId: string, command: string[]): Promise<VmRun>;
    /** Every VM's dockerd, now and later, trusts this registry's CA (certs.d on its disk). */
    trustRegistry(server: string, caPem: string): void;
    stopAll(): Promise<void>;
}

/** What the Linux extension reports when the script fails; Azure puts it in the operation's error. */
function scriptFailure(run: VmRun): Error {
    return new Error(`Enable failed: failed to execute command: command terminated with exit status=${run.exitCode}\n`
        + `[stdout]\n${run.stdout.slice(-4096)}\n[stderr]\n${run.stderr.slice(-4096)}`);
}

export function dockerBackedVms(options: { importTestImage?: boolean } = {}): DockerBackedVms {
    const vms = new Map<string, SimulatedVm>();
    /** Keeps each VM's edge judging with the hook's latest view of it. */
    const infoOf = new WeakMap<SimulatedVm, (info: VmHookInfo) => void>();
    const key = (id: string) => id.toLowerCase();
    const trustedRegistries = new Map<string, string>();

    /** VMs whose private address is on this machine now. */
    const holdingPrivate = new Set<SimulatedVm>();
    const holdPrivate = (vm: SimulatedVm) => {
        if (vm.privateIp && !holdingPrivate.has(vm)) {
            usePrivateAddress(vm.privateIp);
            holdingPrivate.add(vm);
        }
    };
    const releasePrivate = (vm: SimulatedVm) => {
        if (vm.privateIp && holdingPrivate.delete(vm)) {
            releasePrivateAddress(vm.privateIp);
        }
    };

    function newVm(info: VmHookInfo, publicIp: string, privateIp: string | undefined): SimulatedVm {
        const folder = createVmFolder();
        const cloudConfig = parseCustomData(info.customData);
        writeCloudInitPackages(folder, cloudConfig?.packages ?? []);
        writeOsProfileAccount(folder, info.adminUsername ? { user: info.adminUsername, keys: info.sshPublicKeys ?? [] } : undefined);
        for (const [server, caPem] of trustedRegistries) {
            trustRegistryCa(folder, server, caPem);
        }
        let current = info;
        const vm: SimulatedVm = {
            id: info.id, name: info.name, folder, disk: new VmDiskView(folder.disk), publicIp, privateIp, cloudConfig, runs: [],
            edge: new VmEdge(publicIp, (port) => current.inboundAllowed(port, 'Tcp')),
            published: undefined, engine: undefined, engineArgv: undefined, sshd: undefined,
        };
        infoOf.set(vm, (latest) => (current = latest));
        vms.set(key(info.id), vm);
        return vm;
    }

    async function run(vm: SimulatedVm, kind: 'boot' | 'extension', boot: boolean, command?: string[]): Promise<VmRun> {
        const result = await runInVm(vm.folder, vm.name, { boot, command });
        vm.runs.push({ ...result, kind });
        return result;
    }

    /** Starts dockerd as systemd is running docker.service now (nothing if it is not active). */
    async function startEngine(vm: SimulatedVm): Promise<void> {
        await stopEdge(vm);
        vm.engine = undefined;
        vm.engineArgv = undefined;
        const inner = innerAddress(vm.publicIp);
        const command = engineCommand(vm.folder, vm.disk, inner);
        if (!command) {
            return;
        }
        const dataRoot = configuredDataRoot(vm.disk);
        holdPrivate(vm);
        const engine = await startDockerd({
            host: inner,
            port: command.port,
            args: command.args,
            launcher: engineLauncher(vm.folder, dataRoot),
            dataRootFromConfig: dataRoot !== undefined,
            dir: vm.folder.engineDir,
            dockerdPath: command.binary,
        });
        vm.engine = engine;
        vm.engineArgv = [command.binary, ...command.args];
        for (const port of command.ports) {
            await vm.edge.serve(port, tcpBackend(inner, port));
        }
        vm.published = followPublishedPorts(engine.socketPath, vm.edge, new Set([...command.ports, 22]));
        if (options.importTestImage ?? true) {
            await ensureTestImage(engine.socketPath);
        }
    }

    async function boot(vm: SimulatedVm): Promise<void> {
        const result = await run(vm, 'boot', true);
        if (result.exitCode !== 0) {
            throw new Error(`VM ${vm.name} did not boot: ${result.stderr.slice(-4096)}`);
        }
        await startSshd(vm);
        await startEngine(vm);
    }

    /** sshd starts at boot and keeps running across CustomScript runs, as on a VM; port 22 reaches it through the edge. */
    async function startSshd(vm: SimulatedVm): Promise<void> {
        const inner = innerAddress(vm.publicIp);
        if (!vm.sshd?.running) {
            vm.sshd = await startVmSshd(vm.folder, vm.name, inner);
        }
        await vm.edge.serve(22, tcpBackend(inner, 22));
    }

    /** The engine's ports stop answering (the VM is off or its engine restarts); sshd's port 22 stays while sshd runs. */
    async function stopEdge(vm: SimulatedVm): Promise<void> {
        await vm.published?.stop();
        vm.published = undefined;
        await Promise.all(vm.edge.ports().filter((p) => p !== 22 || !vm.sshd?.running).map((p) => vm.edge.unserve(p)));
    }

    async function remove(vm: SimulatedVm): Promise<void> {
        vms.delete(key(vm.id));
        await vm.sshd?.stop();
        await stopEdge(vm);
        await vm.engine?.stop();
        releasePrivate(vm);
        fs.rmSync(vm.folder.dir, { recursive: true, force: true });
    }

    return {
        trustRegistry(server, caPem) {
            trustedRegistries.set(server, caPem);
            for (const vm of vms.values()) {
                trustRegistryCa(vm.folder, server, caPem);
            }
        },
        async onSetupExtension(info, publicIp, protectedSettings, extension) {
            if (!publicIp) {
                throw new Error(`VM ${info.name} has no public IP address, so its engine could not listen anywhere.`);
            }
            const payload = customScriptPayload(protectedSettings, extension.settings);
            const existing = vms.get(key(info.id));
            const vm = existing ?? newVm(info, publicIp.ipAddress, publicIp.privateIpAddress);
            infoOf.get(vm)?.(info);
            // dockerd sees the VM's /etc through its own mount of the disk, and one disk must not be
            // mounted twice at once; the script's restart replaces this engine anyway.
            await vm.engine?.shutdown();
            writeExtensionPayload(vm.folder, payload);
            const sequence = vm.runs.filter((r) => r.kind === 'extension').length;
            const result = await run(vm, 'extension', !existing, ['adh-run-extension', String(sequence)]);
            let engineError: unknown;
            try {
                // The sandbox mounts the VM's disk per process: an sshd started before the script
                // would not see what the script changed (a user added to the docker group, say), so
                // it starts again, as a login after the change would see it on a VM.
                if (existing) {
                    await vm.sshd?.stop();
                }
                await startSshd(vm);
                await startEngine(vm);
            } catch (err) {
                engineError = err;
            }
            if (result.exitCode !== 0) {
                throw scriptFailure(result);
            }
            if (engineError !== undefined) {
                const reason = engineError instanceof Error ? engineError.message : String(engineError);
                throw new Error(`Enable failed: docker.service did not start after the script: ${reason}\n`
                    + `[stdout]\n${result.stdout.slice(-4096)}\n[stderr]\n${result.stderr.slice(-4096)}`);
            }
            return { stdout: result.stdout, stderr: result.stderr };
        },
        async onVmPower(info, state) {
            const vm = vms.get(key(info.id));
            if (!vm) {
                return;
            }
            infoOf.get(vm)?.(info);
            if (state === 'stopped') {
                // A shutdown: dockerd gets SIGTERM; the disk and the engine's data stay.
                await vm.sshd?.stop();
                await stopEdge(vm);
                await vm.engine?.shutdown();
                releasePrivate(vm);
            } else if (state === 'running') {
                if (!vm.engine?.running) {
                    await boot(vm);
                }
            } else {
                await remove(vm);
            }
        },
        engine: (vmId) => vms.get(key(vmId))?.engine,
        vm: (vmId) => vms.get(key(vmId)),
        all: () => [...vms.values()],
        async runAsRoot(vmId, command) {
            const vm = vms.get(key(vmId));
            if (!vm) {
                throw new Error(`no simulated VM ${vmId}`);
            }
            return runInVm(vm.folder, vm.name, { boot: false, command });
        },
        async restartSshd(vmId) {
            const vm = vms.get(key(vmId));
            if (vm) {
                await startSshd(vm);
            }
        },
        onCallerIpChange() {
            for (const vm of vms.values()) {
                vm.edge.dropFlows();
            }
        },
        get hooks() {
            return { onSetupExtension: this.onSetupExtension, onVmPower: this.onVmPower, onCallerIpChange: this.onCallerIpChange };
        },
        async stopAll() {
            await Promise.all([...vms.values()].map(remove));
        },
    };
}

/**
 * The dockerd command line systemd is running for docker.service now (from the unit as it was
 * loaded at the last start), with its listeners moved onto the VM; undefined when docker is not
 * active. Throws what systemd would refuse.
 */
export function engineCommand(folder: VmFolder, disk: VmDiskView, address: string): { binary: string; args: string[]; port: number; ports: number[] } | undefined {
    const running = path.join(folder.state, 'running');
    if (!fs.existsSync(running)) {
        return undefined;
    }
    const unit = 'docker.service';
    const [binary, ...args] = execStartArgv(unit, serviceConfig(unit, loadUnit(new DirView(running), unit)), disk);
    const hostBinary = disk.resolve(binary);
    if (!hostBinary || !fs.statSync(hostBinary).isFile()) {
        throw new Error(`${unit}: Failed to locate executable ${binary}: No such file or directory (status=203/EXEC)`);
    }
    if (path.basename(fs.realpathSync(hostBinary)) !== 'dockerd') {
        throw new Error(`${unit}: the simulation runs only dockerd, not ${binary}`);
    }
    return { binary: hostBinary, ...listenersOnVm(args, address) };
}

/** The VM's daemon.json `data-root`, if it sets one (dockerd itself reports a file it cannot read). */
function configuredDataRoot(disk: VmDiskView): string | undefined {
    try {
        const value = (JSON.parse(disk.read('/etc/docker/daemon.json') ?? '{}') as Record<string, unknown>)['data-root'];
        return typeof value === 'string' && value.startsWith('/') ? path.posix.normalize(value) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * dockerd's listeners moved onto the VM: `fd://` (systemd's socket) and a unix socket become the
 * harness's socket, and "all addresses" becomes the VM's inner address (innerAddress). `--containerd` goes, so that
 * dockerd runs its own containerd instead of the machine's.
 */
function listenersOnVm(args: string[], address: string): { args: string[]; port: number; ports: number[] } {
    const out: string[] = [];
    const ports: number[] = [];
    let socket = false;
    const hostOf = (value: string): string => {
        if (value.startsWith('fd://') || value.startsWith('unix://')) {
            if (socket) {
                throw new Error(`docker.service: the simulation serves one unix socket; ${value} is a second one`);
            }
            socket = true;
            return 'unix://{socket}';
        }
        const tcp = /^tcp:\/\/(0\.0\.0\.0|\[::\]|::|)?:(\d+)$/.exec(value);
        if (!tcp) {
            throw new Error(`docker.service: the simulation does not serve the listener ${value}`);
        }
        ports.push(Number(tcp[2]));
        return `tcp://${address}:${tcp[2]}`;
    };
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '-H' || a === '--host') {
            out.push('-H', hostOf(args[++i] ?? ''));
        } else if (a.startsWith('--host=') || a.startsWith('-H=')) {
            out.push('-H', hostOf(a.slice(a.indexOf('=') + 1)));
        } else if (/^-H./.test(a)) {
            out.push('-H', hostOf(a.slice(2)));
        } else if (a === '--containerd') {
            i++;
        } else if (!a.startsWith('--containerd=')) {
            out.push(a);
        }
    }
    if (!socket) {
        // dockerd's default listener, /var/run/docker.sock, is the harness's socket here.
        out.push('-H', 'unix://{socket}');
    }
    return { args: out, port: ports[0] ?? 0, ports };
}

/**
 * Where the VM's own services listen: a loopback address of their own (127.2.x.y for the public
 * 127.1.x.y), so that the public address is the edge's alone and every connection passes the NSG.
 */
export function innerAddress(publicIp: string): string {
    const m = /^127\.\d+\.(\d+)\.(\d+)$/.exec(publicIp);
    if (!m) {
        throw new Error(`the simulation places VMs on loopback addresses; ${publicIp} is not one`);
    }
    return `127.2.${m[1]}.${m[2]}`;
}

/** A snapshot folder read as the root of a file tree. */
class DirView implements FileView {
    constructor(private readonly root: string) {}

    read(absPath: string): string | undefined {
        const file = path.join(this.root, absPath);
        return fs.existsSync(file) && fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
    }

    list(absPath: string): string[] {
        try {
            return fs.readdirSync(path.join(this.root, absPath)).sort();
        } catch {
            return [];
        }
    }
}
