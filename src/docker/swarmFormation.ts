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
 * joins it with its role's join token (joinSwarm). The tokens stay in this function's memory: they
 * are never logged, stored or put in an error. A member that fails to join is reported, not fatal;
 * the first manager failing is.
 */
export async function formSwarm(managers: readonly SwarmMember[], workers: readonly SwarmMember[], signal?: AbortSignal): Promise<SwarmFormation> {
    const [first, ...otherManagers] = managers;
    if (!first) {
        throw new Error('A swarm needs at least one manager.');
    }
    const leader = await first.client.call('swarm init', (docker) => docker.swarmInit(addresses(first)) as Promise<string>, { signal });
    const failed = await joinSwarm(first, otherManagers, 'manager', signal);
    failed.push(...(await joinSwarm(first, workers, 'worker', signal)));
    return { leader, failed };
}

/**
 * Joins members to the swarm `via` manages, with the join token of `role`, read from it just now.
 * Managers join one at a time: a raft member added while another is still joining can lose
 * quorum; workers all at once. Returns the members that could not join, with why.
 */
export async function joinSwarm(via: SwarmMember, members: readonly SwarmMember[], role: 'manager' | 'worker', signal?: AbortSignal): Promise<{ name: string; error: unknown }[]> {
    if (members.length === 0) {
        return [];
    }
    const inspected = await via.client.call('swarm inspect', (docker) => docker.swarmInspect() as Promise<{ JoinTokens: { Manager: string; Worker: string } }>, { signal });
    const token = role === 'manager' ? inspected.JoinTokens.Manager : inspected.JoinTokens.Worker;
    const remote = [`${via.privateIp}:${managementPort}`];
    const failed: { name: string; error: unknown }[] = [];
    const join = (member: SwarmMember) => member.client
        .call('swarm join', (docker) => docker.swarmJoin({ ...addresses(member), RemoteAddrs: remote, JoinToken: token }) as Promise<unknown>, { signal })
        .catch((error: unknown) => void failed.push({ name: member.name, error }));
    if (role === 'manager') {
        for (const member of members) {
            await join(member);
        }
    } else {
        await Promise.all(members.map(join));
    }
    return failed;
}

/** The address a swarm member advertises (its private address): what others join through. */
export async function swarmAddress(member: EngineClient, signal?: AbortSignal): Promise<string> {
    const info = await member.call('info', (docker) => docker.info() as Promise<{ Swarm?: { NodeAddr?: string } }>, { signal });
    if (!info.Swarm?.NodeAddr) {
        throw new Error(`The engine at ${member.address} is not in a swarm.`);
    }
    return info.Swarm.NodeAddr;
}
