/**
 * The real Create Docker Host graph against the emulator with the `azure-typical` profile (÷10), so
 * each ARM operation takes its real-world share of time and the SDK pollers, the emulator's LROs
 * and a real dockerd behind the VM all take part. Measured in one run: our executor, and the same
 * nodes chained in the anchors' sequential order.
 */
import { createArmClients } from '../src/azure/armClients';
import { resolveCloud, type CustomEnvironmentSetting } from '../src/azure/cloud';
import { environmentSource } from '../src/azure/credentialSources';
import { createHostGraph } from '../src/azure/create/createHostGraph';
import { ubuntuImages, type CreateHostPlan } from '../src/azure/create/plan';
import { criticalPathMs } from './criticalPath';
import { executeGraph } from '../src/azure/provisioning/executor';
import type { ProvisioningNode } from '../src/azure/provisioning/graph';
import { createCa, issueClientCert } from '../src/tls/certificates';
import { dockerBackedVms } from '../test/emulator/dockerBackedVms';
import { operationDelayMs, type LatencyProfile } from '../test/emulator/latencyProfile';
import { startEmulator } from '../test/emulator/server';
import { trustEmulatorCa } from '../test/emulator/trust';
import { asAnchorSequence } from '../test/unit/createGraphShape';
import type { Result } from './result';

const profile: LatencyProfile = { name: 'azure-typical', scale: 10 };

export async function run(): Promise<Result> {
    const engines = dockerBackedVms({ importTestImage: false });
    const emulator = await startEmulator({ latency: profile, onSetupExtension: engines.onSetupExtension, onVmPower: engines.onVmPower });
    const untrust = trustEmulatorCa(emulator.caPem);
    Object.assign(process.env, emulator.env());
    try {
        const settings = emulator.vscodeSettings();
        const cloud = resolveCloud('custom', settings['microsoft-sovereign-cloud.customEnvironment'] as CustomEnvironmentSetting);
        const [subscription] = await environmentSource(cloud, process.env).listSubscriptions();
        const clients = await createArmClients(cloud, subscription.credential, subscription.subscriptionId);
        const ca = await createCa('bench CA');
        const client = await issueClientCert(ca, { commonName: 'bench' });
        const graphFor = (name: string): ProvisioningNode[] => {
            const plan: CreateHostPlan = {
                subscriptionId: subscription.subscriptionId, name, location: 'eastus', vmSize: 'Standard_B2s', image: ubuntuImages[0], adminUser: 'azureuser',
                sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5dGVzdGtleXRlc3RrZXl0ZXN0a2V5dGVz bench', tlsPort: 2376,
                source: { kind: 'cidr', prefix: '203.0.113.7/32' }, resourceGroup: `${name}-rg`, createResourceGroup: true, provisioningId: name,
            };
            return createHostGraph(plan, { clients, cloud, ca, clientTls: { ca: ca.certPem, cert: client.certPem, key: client.keyPem }, engineTimeoutMs: 60_000, pollIntervalMs: 20 });
        };
        const wall = async (nodes: ProvisioningNode[]): Promise<number> => {
            const started = performance.now();
            const result = await executeGraph(nodes);
            if (!result.ok) {
                throw new Error(`the bench create failed: ${String(result.error)}`);
            }
            return performance.now() - started;
        };
        const executorMs = await wall(graphFor('bench-graph'));
        const sequentialMs = await wall(asAnchorSequence(graphFor('bench-seq')));
        const critical = criticalPathMs(graphFor('bench-shape'), (n) => (n.kind ? operationDelayMs(profile, n.kind) : 0));
        const figures = {
            executorWallMs: Math.round(executorMs),
            anchorSequenceWallMs: Math.round(sequentialMs),
            criticalPathMs: critical,
            wallOverCriticalPath: Number((executorMs / critical).toFixed(3)),
            wallOverSequential: Number((executorMs / sequentialMs).toFixed(3)),
        };
        return {
            name: 'create-against-emulator',
            figures,
            goal: 'wall ÷ critical path ≤ 1.05 (real graph, SDK and emulator, azure-typical ÷10); wall ÷ sequential is for information only',
            pass: figures.wallOverCriticalPath <= 1.05,
        };
    } finally {
        untrust();
        await engines.stopAll();
        await emulator.stop();
    }
}
