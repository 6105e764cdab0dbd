import type { CreatedSwarmNode } from '../../src/azure/create/createSwarm';
import { EngineClient } from '../../src/docker/engineClient';
import type { SwarmMemberEngine } from '../../src/docker/swarmRows';
import { readClientMaterial } from '../../src/tls/storage';

/** A created swarm's nodes as the tree holds them: a TLS client per node, with the certificates the create saved. */
export async function swarmMembers(nodes: readonly CreatedSwarmNode[], timeoutMs = 10_000): Promise<{ clients: EngineClient[]; members: SwarmMemberEngine[]; dispose(): void }> {
    const clients = await Promise.all(nodes.map(async (n) => new EngineClient({ address: n.host.address.ipAddress, port: 2376, tls: await readClientMaterial(n.dir) }, { timeoutMs })));
    const members = nodes.map((n, i): SwarmMemberEngine => ({ host: { name: n.name }, getClient: async () => clients[i], describe: async (error: unknown) => clients[i].describe(error) }));
    return { clients, members, dispose: () => clients.forEach((c) => c.dispose()) };
}
