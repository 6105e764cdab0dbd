import type { CreateHostPlan, SharedNetwork } from './plan';
import { hostNameRules, validateHostName } from './validateHostName';

export const swarmManagerCounts = [1, 3] as const;
export const maxSwarmWorkers = 20;

/** Everything one Create Docker Swarm run needs: the shape of a host plan, plus how many nodes of each role. */
export interface SwarmPlan extends Omit<CreateHostPlan, 'swarm' | 'createResourceGroup'> {
    readonly managers: number;
    readonly workers: number;
}

export interface SwarmNodePlan {
    readonly role: 'manager' | 'worker';
    readonly plan: CreateHostPlan;
}

/** The longest node suffix (`-w20`), which each node's name (also its DNS label) must leave room for. */
const longestSuffix = `-w${maxSwarmWorkers}`.length;

/** An error message for the prompt, or undefined when the swarm's name is valid. */
export function validateSwarmName(value: string): string | undefined {
    const problem = validateHostName(value);
    if (problem) {
        return problem.replace('the Docker host', 'the swarm');
    }
    const room = hostNameRules.maxLength - longestSuffix;
    return value.trim().length > room ? `The name must be at most ${room} characters long: each node is named after it (${value.trim()}-m1, ${value.trim()}-w1…).` : undefined;
}

/** What is wrong with the node counts, or undefined. */
export function validateSwarmSize(managers: number, workers: number): string | undefined {
    if (!(swarmManagerCounts as readonly number[]).includes(managers)) {
        return `A swarm has 1 or 3 managers (${managers} asked): with 2, losing either one stops the swarm.`;
    }
    if (!Number.isInteger(workers) || workers < 0 || workers > maxSwarmWorkers) {
        return `Enter a number of workers from 0 to ${maxSwarmWorkers}.`;
    }
    return undefined;
}

/** The run's own network part: its resource group, virtual network and NSG, named after the swarm. */
export function swarmNetworkPlan(plan: SwarmPlan): CreateHostPlan {
    return { ...plan, createResourceGroup: true, swarm: { name: plan.name } };
}

/** One host plan per node, managers first, each joining the swarm's network; all carry the run's tag. */
export function swarmNodePlans(plan: SwarmPlan, network: SharedNetwork): SwarmNodePlan[] {
    const node = (role: SwarmNodePlan['role'], index: number): SwarmNodePlan => ({
        role,
        plan: { ...plan, name: `${plan.name}-${role === 'manager' ? 'm' : 'w'}${index}`, createResourceGroup: false, swarm: { name: plan.name, network } },
    });
    return [
        ...Array.from({ length: plan.managers }, (_, i) => node('manager', i + 1)),
        ...Array.from({ length: plan.workers }, (_, i) => node('worker', i + 1)),
    ];
}

export interface SwarmNodeFailure {
    readonly name: string;
    readonly role: SwarmNodePlan['role'];
    /** Why: the create's error, or the engine's refusal to join. */
    readonly error: unknown;
    /** What its rollback could not delete. */
    readonly leftBehind: string[];
}

/** The message naming every node that failed and why. */
export function describeNodeFailures(failed: readonly SwarmNodeFailure[]): string {
    return failed.map((f) => {
        const reason = f.error instanceof Error ? f.error.message : String(f.error);
        const left = f.leftBehind.length > 0 ? ` (not deleted: ${f.leftBehind.join(', ')})` : '';
        return `${f.role} ${f.name}: ${reason}${left}`;
    }).join('; ');
}
