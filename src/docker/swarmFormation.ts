import type { EngineClient } from './engineClient';

/** One engine that is to take part in a swarm, and the address the others reach it on. */
export interface SwarmMember {
    readonly name: string;
    readonly client: EngineClient;
    /** Its address inside the virtual network: swarm traffic never goes over the public address. */
    readonly privateIp: string;
}

export interface SwarmFormation {
    /** The first manager's node id: the swarm is formed around it. */
    readonly leader: string;
    /** Members that could not join, with why; the swarm holds the rest. */
    readonly failed: { readonly name: string; readonly error: unknown }[];
}

const managementPort = 2377;

/**
 * Listens on the private address only (also what lets several engines share a machine), and
 * advertises it, for both control and data traffic.
 */
function addresses(member: SwarmMember) {
    return { ListenAddr: `${member.privateIp}:${managementPort}`, AdvertiseAddr: member.privateIp, DataPathAddr: member.privateIp };
}

/**
 * Forms a swarm through the Engine API: `swarmInit` on the first manager, then every other member
 * joins it with its role's join token, all at once. The tokens stay in this function's memory: they
 * are never logged, stored or put in an error. A member that fails to join is reported, not fatal;
 * the first manager failing is.
 */
export async function formSwarm(managers: readonly SwarmMember[], workers: readonly SwarmMember[], signal?: AbortSignal): Promise<SwarmFormation> {
    const [first, ...otherManagers] = managers;
    if (!first) {
        throw new Error('A swarm needs at least one manager.');
    }
    const leader = await first.client.call('swarm init', (docker) => docker.swarmInit(addresses(first)) as Promise<string>, { signal });
    const inspected = await first.client.call('swarm inspect', (docker) => docker.swarmInspect() as Promise<{ JoinTokens: { Manager: string; Worker: string } }>, { signal });
    const remote = [`${first.privateIp}:${managementPort}`];
    const join = async (member: SwarmMember, token: string) => {
        await member.client.call('swarm join', (docker) => docker.swarmJoin({ ...addresses(member), RemoteAddrs: remote, JoinToken: token }) as Promise<unknown>, { signal });
    };
    const failed: { name: string; error: unknown }[] = [];
    // Managers join one at a time: a raft member added while another is still joining can lose quorum.
    for (const member of otherManagers) {
        await join(member, inspected.JoinTokens.Manager).catch((error: unknown) => failed.push({ name: member.name, error }));
    }
    await Promise.all(workers.map((member) => join(member, inspected.JoinTokens.Worker).catch((error: unknown) => failed.push({ name: member.name, error }))));
    return { leader, failed };
}
