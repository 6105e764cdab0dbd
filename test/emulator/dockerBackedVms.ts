/**
 * VMs backed by real engines: when the setup extension reaches a VM, a real dockerd starts with
 * exactly the certificates that arrived in its protected settings, listening on the VM's public IP
 * (a loopback address the emulator handed out) and the port the script names. Power-off stops it,
 * start brings it back, delete removes it. The extension therefore talks TLS to an engine that was
 * configured only from what it sent to "Azure".
 */
import { parseSetupScript } from '../../src/hostSetup/decodeSetupExtension';
import { ensureTestImage, startDockerd, type Dockerd } from '../harness/dockerd';
import type { SetupExtensionHook, VmPowerHook } from './server';

export interface DockerBackedVms {
    readonly onSetupExtension: SetupExtensionHook;
    readonly onVmPower: VmPowerHook;
    /** The engine behind a VM, by VM id (lowercase). */
    engine(vmId: string): Dockerd | undefined;
    stopAll(): Promise<void>;
}

export function dockerBackedVms(options: { importTestImage?: boolean } = {}): DockerBackedVms {
    const engines = new Map<string, Dockerd>();
    const key = (id: string) => id.toLowerCase();
    return {
        async onSetupExtension(vm, publicIp, protectedSettings) {
            if (!publicIp) {
                throw new Error(`VM ${vm.name} has no public IP address, so its engine could not listen anywhere.`);
            }
            const setup = parseSetupScript(protectedSettings);
            // A re-run of the extension (certificate rotation) replaces the engine's certificates.
            const previous = engines.get(key(vm.id));
            await previous?.stop();
            const engine = await startDockerd({
                host: publicIp.ipAddress,
                port: setup.port,
                caPem: setup.caPem,
                serverCertPem: setup.serverCertPem,
                serverKeyPem: setup.serverKeyPem,
            });
            engines.set(key(vm.id), engine);
            if (options.importTestImage ?? true) {
                await ensureTestImage(engine.socketPath);
            }
        },
        async onVmPower(vm, state) {
            const engine = engines.get(key(vm.id));
            if (!engine) {
                return;
            }
            if (state === 'stopped') {
                // Like a VM that is shut down: the process goes, the disk (data root) stays.
                await engine.kill();
            } else if (state === 'running') {
                if (!engine.running) {
                    await engine.restart();
                }
            } else {
                engines.delete(key(vm.id));
                await engine.stop();
            }
        },
        engine: (vmId) => engines.get(key(vmId)),
        async stopAll() {
            await Promise.all([...engines.values()].map((e) => e.stop()));
            engines.clear();
        },
    };
}
