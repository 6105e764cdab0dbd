import Docker from 'dockerode';
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArmClients } from '../../src/azure/armClients';
import { createSwarm, type CreateSwarmOutcome } from '../../src/azure/create/createSwarm';
import { addSwarmNodes } from '../../src/azure/create/addSwarmNodes';
import { deleteSwarm } from '../../src/azure/lifecycle/deleteSwarm';
import { removeSwarmNode } from '../../src/azure/lifecycle/removeSwarmNode';
import type { SwarmPlan } from '../../src/azure/create/swarmPlan';
import { writeDockerContext } from '../../src/docker/cliContexts';
import { runCompose } from '../../src/docker/compose/composeCli';
import { EngineClient } from '../../src/docker/engineClient';
import { stackInvocation } from '../../src/docker/stackCli';
import { followServiceLogs } from '../../src/docker/logs';
import { inspectSwarmService, removeSwarmService, scaleSwarmService, updateServiceImage, updateSwarmNode } from '../../src/docker/swarmActions';
import { watchSwarm } from '../../src/docker/swarmEvents';
import { NoManagerAnsweredError, readSwarm, readSwarmOf, swarmNodeId, type SwarmReading } from '../../src/docker/swarmRows';
import { hostDir } from '../../src/host/hostFiles';
import { readClientMaterial } from '../../src/tls/storage';
import { TEST_IMAGE } from '../harness/dockerd';
import { waitFor } from '../harness/wait';
import { startCreateWorld, type CreateWorld } from './createWorld';
import { swarmMembers } from './swarmMembers';

function swarmPlan(world: CreateWorld, name: string, workers: number): SwarmPlan {
    return { ...world.plan(name), managers: 1, workers };
}

function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const bridgeExists = () => spawnSync('ip', ['link', 'show', 'docker_gwbridge'], { stdio: 'ignore' }).status === 0;
const loAddresses = () => execFileSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });

describe('Create Docker Swarm against the emulator with real engines', function () {
    this.timeout(300_000);
    let world: CreateWorld;
    let outcome: CreateSwarmOutcome;
    let asked: string[] = [];
    const tokens: string[] = [];
    // What this machine had before (another run's leftovers): only what this run adds must go again.
    let loBefore = '';
    let bridgeBefore = false;

    before(async () => {
        loBefore = loAddresses();
        bridgeBefore = bridgeExists();
        world = await startCreateWorld();
        // The second worker's VM is refused: it is rolled back and the swarm is formed from the rest.
        world.emulator.faults.add({ method: 'PUT', path: '/virtualMachines/sw1-w2$', armError: { status: 409, code: 'SkuNotAvailable', message: 'The requested size for resource sw1-w2 is currently not available in location eastus.' } });
        outcome = await createSwarm({
            plan: swarmPlan(world, 'sw1', 2), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot,
            engineTimeoutMs: 60_000, pollIntervalMs: 10,
            onNodesFailed: async (failed) => {
                asked = failed.map((f) => f.name);
                return 'keep';
            },
        });
    });
    after(async () => {
        await world?.stop();
    });

    function manager(): Docker {
        assert.ok(outcome.ok);
        return engineOf(outcome.nodes.find((n) => n.role === 'manager')!);
    }

    function engineOf(node: { dir: string; host: { address: { ipAddress: string } } }): Docker {
        const file = (name: string) => readFileSync(join(node.dir, name));
        return new Docker({ protocol: 'https', host: node.host.address.ipAddress, port: 2376, ca: file('ca.pem'), cert: file('cert.pem'), key: file('key.pem') });
    }

    it('forms a swarm of the manager and the worker that were created, over their private addresses', async () => {
        assert.ok(outcome.ok, `create failed: ${outcome.ok ? '' : String(outcome.error)}`);
        assert.deepEqual(outcome.nodes.map((n) => `${n.role} ${n.name}`), ['manager sw1-m1', 'worker sw1-w1']);
        type Node = { Spec: { Role: string }; Status: { State: string }; ManagerStatus?: { Leader?: boolean; Addr: string } };
        // A node that just joined reports "ready" within a heartbeat.
        const deadline = Date.now() + 30_000;
        let nodes: Node[];
        while ((nodes = (await manager().listNodes()) as Node[]).some((n) => n.Status.State !== 'ready') && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 200));
        }
        assert.deepEqual(nodes.map((n) => `${n.Spec.Role} ${n.Status.State}`).sort(), ['manager ready', 'worker ready']);
        // Each engine advertises its private address (Status.Addr is the address the manager saw the
        // connection come from, which on one machine's loopback is not the worker's own).
        for (const node of outcome.nodes) {
            assert.match(node.host.privateIp ?? '', /^10\.0\.0\.\d+$/);
            const info = (await engineOf(node).info()) as { Swarm: { NodeAddr: string; LocalNodeState: string } };
            assert.deepEqual([info.Swarm.LocalNodeState, info.Swarm.NodeAddr], ['active', node.host.privateIp], node.name);
        }
        const leader = nodes.find((n) => n.ManagerStatus?.Leader);
        assert.equal(leader?.ManagerStatus?.Addr, `${outcome.nodes[0].host.privateIp}:2377`);
        const swarm = (await manager().swarmInspect()) as { JoinTokens: { Manager: string; Worker: string } };
        tokens.push(swarm.JoinTokens.Manager, swarm.JoinTokens.Worker);
    });

    it('names the worker that failed, asks before keeping the rest, and rolls back only that worker', async () => {
        assert.ok(outcome.ok);
        assert.deepEqual(asked, ['sw1-w2']);
        assert.deepEqual(outcome.failed.map((f) => f.name), ['sw1-w2']);
        assert.match(String(outcome.failed[0].error), /currently not available/);
        assert.deepEqual(outcome.failed[0].leftBehind, []);
        const inGroup = world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/sw1-rg/'));
        assert.deepEqual(inGroup.filter((i) => /sw1-w2/i.test(i.id)).map((i) => i.id), []);
        assert.ok(inGroup.some((i) => /virtualMachines\/sw1-w1$/i.test(i.id)));
        assert.equal(existsSync(join(world.storageRoot, 'hosts')) ? filesUnder(world.storageRoot).filter((f) => f.includes('sw1-w2')).length : 0, 0);
    });

    it('makes one virtual network and one NSG that opens the swarm ports only inside the virtual network', () => {
        const inGroup = world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/sw1-rg/'));
        assert.deepEqual(inGroup.filter((i) => /virtualNetworks$/i.test(i.type)).map((i) => i.id.split('/').pop()), ['sw1-vnet']);
        assert.deepEqual(inGroup.filter((i) => /networkSecurityGroups$/i.test(i.type)).map((i) => i.id.split('/').pop()), ['sw1-nsg']);
        const rules = inGroup
            .filter((i) => /securityRules$/i.test(i.type))
            .map((i) => world.emulator.state.get(i.id)?.properties as { protocol: string; destinationPortRange: string; sourceAddressPrefix: string })
            .map((r) => `${r.protocol} ${r.destinationPortRange} from ${r.sourceAddressPrefix}`)
            .sort();
        assert.deepEqual(rules, ['Tcp 22 from 203.0.113.7/32', 'Tcp 2376 from 203.0.113.7/32', 'Tcp 2377 from VirtualNetwork', 'Tcp 7946 from VirtualNetwork', 'Udp 4789 from VirtualNetwork', 'Udp 7946 from VirtualNetwork']);
        for (const item of inGroup.filter((i) => /virtualMachines$/i.test(i.type))) {
            assert.equal(item.tags['azure-docker-hosts:swarm'], 'sw1', item.id);
            assert.equal(item.tags['azure-docker-hosts:provisioning'], 'run-sw1', item.id);
        }
    });

    it('runs a service with a task on each node', async () => {
        const docker = manager();
        await docker.createService({ Name: 'spread', TaskTemplate: { ContainerSpec: { Image: TEST_IMAGE, Command: ['sleep', '3600'] }, Placement: { MaxReplicas: 1 } }, Mode: { Replicated: { Replicas: 2 } } });
        const deadline = Date.now() + 60_000;
        let running: { NodeID: string }[] = [];
        while (Date.now() < deadline) {
            running = ((await docker.listTasks({ filters: JSON.stringify({ service: ['spread'], 'desired-state': ['running'] }) })) as { NodeID: string; Status: { State: string } }[]).filter((t) => t.Status.State === 'running');
            if (running.length === 2) {
                break;
            }
            await new Promise((r) => setTimeout(r, 250));
        }
        assert.equal(new Set(running.map((t) => t.NodeID)).size, 2, JSON.stringify(running));
    });

    it('shows the swarm as the tree reads it: nodes named after their VMs, the service with 2/2 tasks', async () => {
        assert.ok(outcome.ok);
        const { clients, dispose } = await swarmMembers(outcome.nodes);
        try {
            const ids = await Promise.all(clients.map((c) => swarmNodeId(c)));
            assert.deepEqual(ids.map((id) => id?.manager), [true, false]);
            const vmNames = new Map(ids.map((id, i) => [id!.nodeId, outcome.ok ? outcome.nodes[i].name : '']));
            const snapshot = await readSwarm(clients[0], vmNames);
            assert.deepEqual(snapshot.nodes.map((n) => `${n.label} ${n.ready}`), ['sw1-m1 true', 'sw1-w1 true']);
            assert.match(snapshot.nodes[0].description, /^manager \(leader\) · active · ready · Docker \d+/);
            assert.deepEqual(snapshot.services.map((r) => r.description), [`${TEST_IMAGE} · replicated · 2/2`]);
            assert.deepEqual(snapshot.services[0].tasks.map((t) => t.description.split(' · ').slice(0, 2).join(' ')).sort(), ['sw1-m1 running', 'sw1-w1 running']);
            // A worker's engine is not a manager: asking it for the swarm fails, as the tree's error row says.
            await assert.rejects(readSwarm(clients[1], vmNames), /not a swarm manager|manager/i);
        } finally {
            dispose();
        }
        await manager().getService('spread').remove();
    });

    it('scales a service and its tasks follow; draining a node moves its tasks away, activating it makes it available again', async () => {
        assert.ok(outcome.ok);
        const { clients, dispose } = await swarmMembers(outcome.nodes);
        const [managerClient] = clients;
        const docker = manager();
        try {
            const ids = await Promise.all(clients.map((c) => swarmNodeId(c)));
            const vmNames = new Map(ids.map((id, i) => [id!.nodeId, outcome.ok ? outcome.nodes[i].name : '']));
            // `sleep` as PID 1 ignores SIGTERM: without a short grace period each task the drain or the rolling
            // update stops would wait out the default 10 s.
            const service = (await docker.createService({ Name: 'scaled', TaskTemplate: { ContainerSpec: { Image: TEST_IMAGE, Command: ['sleep', '3600'], StopGracePeriod: 1_000_000_000 } }, Mode: { Replicated: { Replicas: 1 } } })) as { id: string };
            const until = async (what: string, test: (s: Awaited<ReturnType<typeof readSwarm>>) => boolean) => {
                const deadline = Date.now() + 60_000;
                for (;;) {
                    const snapshot = await readSwarm(managerClient, vmNames);
                    if (test(snapshot)) {
                        return snapshot;
                    }
                    assert.ok(Date.now() < deadline, `${what}: ${JSON.stringify(snapshot)}`);
                    await new Promise((r) => setTimeout(r, 200));
                }
            };
            await until('1 running', (s) => s.services.find((r) => r.label === 'scaled')?.running === 1);
            await scaleSwarmService(managerClient, service.id, 4);
            const scaled = await until('4 running', (s) => s.services.find((r) => r.label === 'scaled')?.running === 4);
            assert.match(scaled.services.find((r) => r.label === 'scaled')!.description, / · 4\/4$/);
            assert.equal(scaled.services.find((r) => r.label === 'scaled')!.tasks.length, 4);
            await assert.rejects(scaleSwarmService(managerClient, service.id, -1), /whole number of replicas/);

            const worker = ids[1]!.nodeId;
            await updateSwarmNode(managerClient, worker, { availability: 'drain' });
            const drained = await until('all on the manager', (s) => {
                const tasks = s.services.find((r) => r.label === 'scaled')!.tasks;
                return tasks.length === 4 && tasks.every((t) => t.running && t.description.startsWith('sw1-m1'));
            });
            assert.deepEqual(drained.nodes.map((n) => `${n.label} ${n.contextValue}`), ['sw1-m1 managerNode', 'sw1-w1 workerNodeDrained']);
            await updateSwarmNode(managerClient, worker, { availability: 'active' });
            const active = await until('worker active', (s) => s.nodes.every((n) => !n.contextValue.endsWith('Drained')));
            assert.match(active.nodes[1].description, /^worker · active · ready/);

            // A rolling update to another tag of the image (present on both engines): every task follows.
            await Promise.all(outcome.nodes.map((n) => engineOf(n).getImage(TEST_IMAGE).tag({ repo: 'testbox', tag: '2' })));
            await updateServiceImage(managerClient, service.id, 'testbox:2');
            const updated = await until('4 running testbox:2', (s) => {
                const row = s.services.find((r) => r.label === 'scaled')!;
                return row.description === 'testbox:2 · replicated · 4/4' && row.tasks.length === 4 && row.tasks.every((t) => t.running);
            });
            assert.equal(updated.services.length, 1);
            await removeSwarmService(managerClient, service.id);
            assert.deepEqual((await readSwarm(managerClient, vmNames)).services, []);
            // The nodes stop and remove the service's containers after the manager has forgotten it; their
            // events must not reach the next test's watcher, whose idle window counts every reading.
            const nodes = outcome.nodes;
            await waitFor('the containers of scaled to be removed from both engines', 30_000, async () =>
                (await Promise.all(nodes.map((n) => engineOf(n).listContainers({ all: true, filters: JSON.stringify({ label: ['com.docker.swarm.service.name=scaled'] }) }))))
                    .every((containers) => containers.length === 0));
        } finally {
            dispose();
        }
    });

    it('the tree follows the swarm by its events: a scaled service\'s tasks, a drained node, a removed service; nothing is read while nothing changes', async () => {
        assert.ok(outcome.ok);
        const { clients, members, dispose } = await swarmMembers(outcome.nodes);
        const readings: { at: number; reading: SwarmReading }[] = [];
        const errors: unknown[] = [];
        const watcher = watchSwarm('sw1', members, { readFirst: true, onReading: (reading) => readings.push({ at: Date.now(), reading }), onError: (e) => errors.push(e) });
        // The first reading from index `from` on that passes the test.
        const next = async (what: string, from: number, test: (r: SwarmReading) => boolean) => {
            const deadline = Date.now() + 30_000;
            let found;
            while (!(found = readings.slice(from).find((r) => test(r.reading)))) {
                assert.ok(Date.now() < deadline, `${what}; last reading: ${JSON.stringify(readings.at(-1)?.reading.snapshot)}; errors: ${errors.map(String).join('; ')}`);
                await new Promise((r) => setTimeout(r, 50));
            }
            return found.reading;
        };
        const followed = (r: SwarmReading) => r.snapshot.services.find((s) => s.label === 'followed');
        try {
            await next('the first reading', 0, () => true);
            let from = readings.length;
            const service = (await manager().createService({ Name: 'followed', TaskTemplate: { ContainerSpec: { Image: TEST_IMAGE, Command: ['sleep', '3600'] } }, Mode: { Replicated: { Replicas: 1 } } })) as { id: string };
            await next('followed 1/1', from, (r) => followed(r)?.running === 1);
            from = readings.length;
            await scaleSwarmService(clients[0], service.id, 6);
            const scaled = await next('followed 6/6, every task running', from, (r) => followed(r)?.description.endsWith(' · 6/6') === true && followed(r)!.tasks.filter((t) => t.running).length === 6);
            assert.deepEqual([...new Set(followed(scaled)!.tasks.map((t) => t.description.split(' · ')[0]))].sort(), ['sw1-m1', 'sw1-w1']);

            // Idle: no event, no read (a poller would read here).
            await new Promise((r) => setTimeout(r, 1500));
            const quiet = readings.length;
            await new Promise((r) => setTimeout(r, 2000));
            assert.equal(readings.length, quiet, 'the watcher read the swarm while nothing changed');

            const worker = (await swarmNodeId(clients[1]))!.nodeId;
            from = readings.length;
            await updateSwarmNode(clients[0], worker, { availability: 'drain' });
            await next('the worker drained', from, (r) => r.snapshot.nodes.some((n) => n.label === 'sw1-w1' && n.contextValue === 'workerNodeDrained'));
            from = readings.length;
            await updateSwarmNode(clients[0], worker, { availability: 'active' });
            await next('the worker active again', from, (r) => r.snapshot.nodes.every((n) => !n.contextValue.endsWith('Drained')));
            from = readings.length;
            await removeSwarmService(clients[0], service.id);
            await next('the service gone', from, (r) => !followed(r));
            assert.deepEqual(errors, []);
        } finally {
            watcher.dispose();
            dispose();
        }
    });

    it('View Logs on a service follows its tasks\' merged logs from both nodes; Inspect gives the manager\'s JSON of it', async () => {
        assert.ok(outcome.ok);
        const { clients, dispose } = await swarmMembers(outcome.nodes);
        const service = (await manager().createService({
            Name: 'talker',
            TaskTemplate: { ContainerSpec: { Image: TEST_IMAGE, Command: ['sh', '-c', 'echo "hello from $(hostname)"; sleep 3600'] }, Placement: { MaxReplicas: 1 } },
            Mode: { Replicated: { Replicas: 2 } },
        })) as { id: string };
        const lines: string[] = [];
        const follower = await followServiceLogs(clients[0], service.id, { onLine: (line) => lines.push(line) });
        try {
            const deadline = Date.now() + 30_000;
            while (lines.filter((l) => l.startsWith('hello from ')).length < 2) {
                assert.ok(Date.now() < deadline, `the service's logs: ${JSON.stringify(lines)}`);
                await new Promise((r) => setTimeout(r, 100));
            }
            // One line from each task, each on its own node: two different container hostnames.
            assert.equal(new Set(lines.filter((l) => l.startsWith('hello from '))).size, 2, JSON.stringify(lines));
            const inspected = (await inspectSwarmService(clients[0], service.id)) as { ID: string; Spec: { Name: string; Mode: { Replicated: { Replicas: number } } } };
            assert.deepEqual([inspected.ID, inspected.Spec.Name, inspected.Spec.Mode.Replicated.Replicas], [service.id, 'talker', 2]);
            // Closing the document stops the stream.
            follower.stop();
            assert.deepEqual(await follower.ended, { reason: 'stopped' });
        } finally {
            follower.stop();
            await removeSwarmService(clients[0], service.id);
            dispose();
        }
    });

    it('deploys a stack with the docker CLI against the manager\'s context, shows its services grouped by stack, and removes it', async () => {
        assert.ok(outcome.ok);
        const node = outcome.nodes[0];
        const configDir = mkdtempSync(join(tmpdir(), 'adh-docker-config-'));
        const tls = await readClientMaterial(node.dir);
        await writeDockerContext({ name: 'sw1-m1', host: `tcp://${node.host.address.ipAddress}:2376`, tls }, { configDir });
        const file = join(configDir, 'stack.yml');
        // Services use the host network: overlay networks would need every engine's VXLAN devices in one namespace.
        writeFileSync(file, `version: "3.8"\nservices:\n  app:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 2\n    networks: [hostnet]\nnetworks:\n  hostnet:\n    external: true\n    name: host\n`);
        const env = { ...process.env, DOCKER_CONFIG: configDir, HOME: configDir };
        const run = async (request: Parameters<typeof stackInvocation>[1]) => {
            const lines: string[] = [];
            const code = await runCompose(stackInvocation('sw1-m1', request, env), { cwd: configDir, onLine: (l) => lines.push(l) });
            assert.equal(code, 0, lines.join('\n'));
        };
        await run({ action: 'deploy', stack: 'shop', file });
        const client = new EngineClient({ address: node.host.address.ipAddress, port: 2376, tls }, { timeoutMs: 10_000 });
        try {
            const deadline = Date.now() + 60_000;
            let shop;
            while (!(shop = (await readSwarm(client, new Map())).services.find((r) => r.label === 'shop_app'))?.running || shop.running < 2) {
                assert.ok(Date.now() < deadline, JSON.stringify(shop));
                await new Promise((r) => setTimeout(r, 250));
            }
            assert.equal(shop.stack, 'shop');
            assert.match(shop.description, / · replicated · 2\/2$/);
            await run({ action: 'remove', stack: 'shop' });
            assert.deepEqual((await readSwarm(client, new Map())).services.filter((r) => r.stack === 'shop'), []);
        } finally {
            client.dispose();
            rmSync(configDir, { recursive: true, force: true });
        }
    });

    it('a manager that is down is named, the swarm says no manager answered, and it reads again once the manager is back', async () => {
        assert.ok(outcome.ok);
        const nodes = outcome.nodes;
        const { members, dispose } = await swarmMembers(nodes, 5_000);
        const arm = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        try {
            await arm.compute.virtualMachines.powerOff('sw1-rg', 'sw1-m1', { updateIntervalInMs: 10 });
            const error = await readSwarmOf('sw1', members).then(() => undefined, (e: unknown) => e);
            assert.ok(error instanceof NoManagerAnsweredError, String(error));
            assert.deepEqual(error.unanswered.map((u) => u.name), ['sw1-m1']);
            assert.match(error.message, /^No manager of swarm sw1 answered \(sw1-m1: /);
            await arm.compute.virtualMachines.start('sw1-rg', 'sw1-m1', { updateIntervalInMs: 10 });
            const deadline = Date.now() + 60_000;
            let reading;
            while (!(reading = await readSwarmOf('sw1', members).catch(() => undefined)) || reading.snapshot.nodes.some((n) => !n.ready)) {
                assert.ok(Date.now() < deadline, 'the swarm did not come back with its manager');
                await new Promise((r) => setTimeout(r, 500));
            }
            assert.equal(reading.manager.host.name, 'sw1-m1');
            assert.deepEqual(reading.unanswered, []);
        } finally {
            dispose();
        }
    });

    it('never logs nor stores the join tokens', async () => {
        assert.equal(tokens.length, 2);
        const stored = filesUnder(world.storageRoot).map((f) => readFileSync(f, 'utf8')).join('\n');
        const requests = JSON.stringify(world.emulator.requestLog);
        for (const token of tokens) {
            assert.ok(!stored.includes(token), 'a join token is in the storage folder');
            assert.ok(!requests.includes(token), 'a join token went to Azure');
        }
        // Sanity: the manager's client material is what the swarm was formed with.
        assert.ok(outcome.ok);
        assert.ok((await readClientMaterial(outcome.nodes[0].dir)).key.includes('PRIVATE KEY'));
    });

    it('Add Node(s) creates workers with the swarm\'s run tag in its network and joins them; one that fails is rolled back alone', async () => {
        assert.ok(outcome.ok);
        const { clients, dispose } = await swarmMembers(outcome.nodes);
        const arm = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        // The first free names are sw1-w2 (rolled back when the swarm was made: Azure now has the
        // size again) and sw1-w3, whose NIC fails.
        world.emulator.faults.clear();
        world.emulator.faults.add({ method: 'PUT', path: '/networkInterfaces/sw1-w3-nic$', lroFailed: { code: 'InternalServerError', message: 'The NIC could not be created.' } });
        try {
            const added = await addSwarmNodes({
                plan: world.plan('sw1'), workers: 2, manager: { name: 'sw1-m1', client: clients[0], privateIp: outcome.nodes[0].host.privateIp! },
                cloud: world.cloud, credential: world.subscription.credential, clients: arm, storageRoot: world.storageRoot, engineTimeoutMs: 60_000, pollIntervalMs: 10,
            });
            assert.deepEqual(added.added.map((n) => n.name), ['sw1-w2']);
            assert.deepEqual(added.failed.map((f) => f.name), ['sw1-w3']);
            assert.match(String(added.failed[0].error), /NIC could not be created/);
            const inGroup = world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/sw1-rg/'));
            assert.deepEqual(inGroup.filter((i) => /sw1-w3/i.test(i.id)).map((i) => i.id), []);
            const vm = inGroup.find((i) => /virtualMachines\/sw1-w2$/i.test(i.id));
            assert.deepEqual([vm?.tags['azure-docker-hosts:swarm'], vm?.tags['azure-docker-hosts:provisioning']], ['sw1', 'run-sw1']);
            const nic = world.emulator.state.get(inGroup.find((i) => /networkInterfaces\/sw1-w2-nic$/i.test(i.id))!.id)?.properties as { ipConfigurations: { properties: { subnet: { id: string } } }[]; networkSecurityGroup: { id: string } };
            assert.match(nic.ipConfigurations[0].properties.subnet.id, /virtualNetworks\/sw1-vnet\/subnets\/default$/i);
            assert.match(nic.networkSecurityGroup.id, /networkSecurityGroups\/sw1-nsg$/i);
            const deadline = Date.now() + 30_000;
            let nodes;
            while ((nodes = (await readSwarm(clients[0], new Map())).nodes).length !== 3 || nodes.some((n) => !n.ready)) {
                assert.ok(Date.now() < deadline, JSON.stringify(nodes));
                await new Promise((r) => setTimeout(r, 200));
            }
            assert.deepEqual(nodes.map((n) => n.description.split(' · ')[0]).sort(), ['manager (leader)', 'worker', 'worker']);
            await assert.rejects(addSwarmNodes({
                plan: world.plan('sw1'), workers: 19, manager: { name: 'sw1-m1', client: clients[0], privateIp: outcome.nodes[0].host.privateIp! },
                cloud: world.cloud, credential: world.subscription.credential, clients: arm, storageRoot: world.storageRoot, engineTimeoutMs: 60_000,
            }), /from 1 to 18: swarm sw1 has 2 of at most 20/);
        } finally {
            dispose();
        }
    });

    it('Remove Node refuses a manager, then drains a worker, which leaves; only its VM and resources are deleted', async () => {
        assert.ok(outcome.ok);
        const { clients, dispose } = await swarmMembers(outcome.nodes);
        const arm = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        const inGroup = () => world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/sw1-rg/')).map((i) => i.id).sort();
        const before = inGroup();
        const w2 = world.engines.all().find((v) => /\/sw1-w2$/i.test(v.id))!;
        const w2Dir = hostDir(world.storageRoot, { subscriptionId: world.subscription.subscriptionId, resourceGroup: 'sw1-rg', name: 'sw1-w2' });
        const w2Client = new EngineClient({ address: w2.publicIp, port: 2376, tls: await readClientMaterial(w2Dir) }, { timeoutMs: 10_000 });
        try {
            const w2Id = (await swarmNodeId(w2Client))!.nodeId;
            const m1Id = (await swarmNodeId(clients[0]))!.nodeId;
            const target = (vmName: string, nodeId: string) => ({ subscriptionId: world.subscription.subscriptionId, resourceGroup: 'sw1-rg', swarmName: 'sw1', vmName, nodeId });
            await assert.rejects(removeSwarmNode({ clients: arm, pollIntervalMs: 10 }, target('sw1-m1', m1Id), { manager: clients[0], node: clients[0] }, world.storageRoot), /sw1-m1 is a manager of swarm sw1, so nothing was changed\. Demote it to a worker first\./);
            assert.deepEqual(inGroup(), before);
            await removeSwarmNode({ clients: arm, pollIntervalMs: 10 }, target('sw1-w2', w2Id), { manager: clients[0], node: w2Client }, world.storageRoot);
            assert.deepEqual((await readSwarm(clients[0], new Map())).nodes.map((n) => n.nodeId).includes(w2Id), false);
            assert.deepEqual(inGroup(), before.filter((id) => !/\/sw1-w2(?!\d)/i.test(id)));
            assert.ok(before.some((id) => /virtualMachines\/sw1-w2$/i.test(id)) && inGroup().some((id) => /virtualMachines\/sw1-w1$/i.test(id)) && inGroup().some((id) => /virtualNetworks\/sw1-vnet$/i.test(id)));
            assert.deepEqual(filesUnder(world.storageRoot).filter((f) => f.includes('sw1-w2')), []);
            assert.equal(world.engines.all().some((v) => /\/sw1-w2$/i.test(v.id)), false, 'the removed node\'s VM still runs');
        } finally {
            w2Client.dispose();
            dispose();
        }
    });

    it('Delete Swarm leaves zero orphans: no resource in Azure, no local folder, no swarm bridge, no private address', async () => {
        assert.ok(outcome.ok);
        const privateIps = outcome.nodes.map((n) => n.host.privateIp!).filter((ip) => !loBefore.includes(` ${ip}/`));
        assert.ok(privateIps.every((ip) => loAddresses().includes(` ${ip}/`)), 'the private addresses are on lo while the VMs run');
        assert.ok(bridgeExists(), 'swarm made its bridge');
        const clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        await deleteSwarm({ clients, pollIntervalMs: 10 }, { subscriptionId: world.subscription.subscriptionId, resourceGroup: 'sw1-rg', swarmName: 'sw1', nodeNames: outcome.nodes.map((n) => n.name) }, world.storageRoot);
        assert.deepEqual(world.emulator.inventory().filter((i) => i.id.toLowerCase().includes('/resourcegroups/sw1-rg')).map((i) => i.id), []);
        assert.deepEqual(filesUnder(world.storageRoot).filter((f) => f.includes('sw1')), []);
        assert.equal(bridgeExists(), bridgeBefore);
        assert.ok(privateIps.every((ip) => !loAddresses().includes(` ${ip}/`)), loAddresses());
    });

    it('Delete Swarm refuses a resource group that is not that swarm\'s, and deletes nothing', async () => {
        const single = world.plan('solo1');
        const clients = await createArmClients(world.cloud, world.subscription.credential, world.subscription.subscriptionId);
        await clients.resources.resourceGroups.createOrUpdate(single.resourceGroup, { location: 'eastus', tags: { 'azure-docker-hosts:managed': 'true', 'azure-docker-hosts:provisioning': 'run-solo1' } });
        await assert.rejects(deleteSwarm({ clients, pollIntervalMs: 10 }, { subscriptionId: single.subscriptionId, resourceGroup: single.resourceGroup, swarmName: 'solo1', nodeNames: [] }, world.storageRoot), /was not created by this extension for swarm solo1, so nothing was deleted/);
        assert.ok(world.emulator.inventory().some((i) => i.id.toLowerCase().endsWith('/resourcegroups/solo1-rg')));
    });
});

describe('Create Docker Swarm, rolled back on request or when no manager is created', function () {
    this.timeout(300_000);
    let world: CreateWorld;
    before(async () => {
        world = await startCreateWorld();
    });
    after(() => world?.stop());

    const leftInGroup = (rg: string) => world.emulator.inventory().filter((i) => i.id.toLowerCase().includes(`/resourcegroups/${rg}`));

    it('deletes everything, Azure and local, when the user chooses to roll back after a failed worker', async () => {
        world.emulator.faults.add({ method: 'PUT', path: '/networkInterfaces/sw2-w1-nic$', lroFailed: { code: 'InternalServerError', message: 'The NIC could not be created.' } });
        const outcome = await createSwarm({
            plan: swarmPlan(world, 'sw2', 1), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot,
            engineTimeoutMs: 60_000, pollIntervalMs: 10, onNodesFailed: async () => 'rollBackAll',
        });
        assert.equal(outcome.ok, false);
        assert.ok(!outcome.ok);
        assert.match(String(outcome.error), /sw2-w1: .*NIC could not be created/);
        assert.deepEqual(outcome.rollback.failedToDelete, []);
        assert.deepEqual(leftInGroup('sw2-rg').map((i) => i.id), []);
        assert.deepEqual(filesUnder(world.storageRoot).filter((f) => f.includes('sw2')), []);
    });

    it('keeps nothing when the only manager fails', async () => {
        world.emulator.faults.add({ method: 'PUT', path: '/publicIPAddresses/sw3-m1-ip$', armError: { status: 400, code: 'PublicIPCountLimitReached', message: 'Cannot create more than 10 public IP addresses for this subscription in this region.' } });
        const outcome = await createSwarm({
            plan: swarmPlan(world, 'sw3', 1), cloud: world.cloud, credential: world.subscription.credential, storageRoot: world.storageRoot,
            engineTimeoutMs: 60_000, pollIntervalMs: 10, onNodesFailed: async () => assert.fail('not asked when no manager exists'),
        });
        assert.ok(!outcome.ok);
        assert.match(String(outcome.error), /No manager of the swarm sw3 could be created.*sw3-m1: .*Cannot create more than 10 public IP/);
        assert.deepEqual(leftInGroup('sw3-rg').map((i) => i.id), []);
        assert.deepEqual(filesUnder(world.storageRoot).filter((f) => f.includes('sw3')), []);
    });
});
