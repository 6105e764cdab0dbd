import type { SecurityRule } from '@azure/arm-network';
import { nsgSourcePrefix, type SourceAddress } from '../create/parseSourceAddress';

/** Rule names of an adopted host; prefixed so they do not collide with the user's own. */
export const adoptedRuleNames = { ssh: 'azure-docker-hosts-ssh', docker: 'azure-docker-hosts-docker-tls' } as const;

export interface RuleRequest {
    readonly port: number;
    readonly source: SourceAddress;
    /** '*' on a NIC's own NSG; the VM's private IP on a subnet's NSG, so other VMs stay closed. */
    readonly destination: string;
}

/**
 * The inbound allow rules for SSH and the Docker TLS port, with priorities no other inbound rule
 * of the NSG uses: from 1000 up (where create puts them) while that stays below every inbound Deny
 * rule, else from just below the first Deny down towards 100, so the allow rules win over it.
 */
export function planDockerRules(existing: readonly SecurityRule[], request: RuleRequest): SecurityRule[] {
    const [ssh, docker] = plannedPriorities(existing);
    const rule = (name: string, port: number, priority: number): SecurityRule => ({
        name,
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: String(port),
        sourceAddressPrefix: nsgSourcePrefix(request.source),
        destinationAddressPrefix: request.destination,
        access: 'Allow',
        priority,
        direction: 'Inbound',
        description: 'Added by Azure Docker Hosts',
    });
    return [rule(adoptedRuleNames.ssh, 22, ssh), rule(adoptedRuleNames.docker, request.port, docker)];
}

/** The user's inbound rules: everything but our own two allow rules. */
function userInbound(existing: readonly SecurityRule[]): SecurityRule[] {
    return existing.filter((r) => (r.direction ?? 'Inbound') === 'Inbound' && r.name !== adoptedRuleNames.ssh && r.name !== adoptedRuleNames.docker);
}

/** The priorities planDockerRules gives the SSH and the TLS allow rules. */
function plannedPriorities(existing: readonly SecurityRule[]): [number, number] {
    const [ssh, docker] = freeAllowPriorities(userInbound(existing), 2);
    return [ssh, docker];
}

/**
 * `count` inbound priorities no rule of `inbound` uses: from 1000 up while that stays below every
 * inbound Deny rule, else from just below the first Deny down towards 100 (so an allow rule wins
 * over it), else above it. Throws when the NSG has too few left.
 */
export function freeAllowPriorities(inbound: readonly SecurityRule[], count: number): number[] {
    const used = new Set(inbound.map((r) => r.priority).filter((p): p is number => typeof p === 'number'));
    const firstDeny = Math.min(...inbound.filter((r) => r.access === 'Deny' && typeof r.priority === 'number').map((r) => r.priority!), 4097);
    const free = (p: number) => p >= 100 && p <= 4096 && !used.has(p);
    const priorities: number[] = [];
    for (let p = 1000; p < firstDeny && priorities.length < count; p++) {
        if (free(p)) {
            priorities.push(p);
        }
    }
    for (let p = Math.min(999, firstDeny - 1); p >= 100 && priorities.length < count; p--) {
        if (free(p)) {
            priorities.unshift(p);
        }
    }
    for (let p = Math.max(1000, firstDeny + 1); p <= 4096 && priorities.length < count; p++) {
        if (free(p)) {
            priorities.push(p);
        }
    }
    if (priorities.length < count) {
        throw new Error('The network security group has no free inbound rule priority left (100–4096). Remove an unused rule, then try again.');
    }
    return priorities;
}

/** A user's inbound Deny rule for a port one of our allow rules opens. */
export interface OverriddenDenyRule {
    readonly nsgId: string;
    readonly name: string;
    readonly priority: number;
    /** 22 or the TLS port: the port of ours that it denies. */
    readonly port: number;
    readonly source: string;
    readonly destinationPorts: string;
    /** Priority our allow rule for `port` would get. */
    readonly ourPriority: number;
    /** True when our allow rule would take precedence over this Deny; false when the Deny still wins over it. */
    readonly overridden: boolean;
}

/** Whether a rule's destination ports ('*', '22', '20-30', or a list of those) include `port`. */
export function coversPort(rule: SecurityRule, port: number): boolean {
    const ranges = [rule.destinationPortRange, ...(rule.destinationPortRanges ?? [])].filter((r): r is string => !!r);
    return ranges.some((range) => {
        if (range === '*') {
            return true;
        }
        const [low, high = low] = range.split('-').map((p) => Number(p.trim()));
        return port >= low && port <= high;
    });
}

/**
 * Every inbound Deny rule for TCP on 22 or the TLS port, each with whether our allow rule (where
 * planDockerRules puts it) would take precedence over it or it over ours. Either way the user must
 * see them and agree first: a Deny of theirs is never silently overridden, wherever its priority.
 * Their sources are not compared; a Deny the user made for a port is theirs to wave through.
 */
export function denyRulesOverridden(nsgId: string, existing: readonly SecurityRule[], request: Pick<RuleRequest, 'port'>): OverriddenDenyRule[] {
    const inbound = userInbound(existing);
    const ours = plannedPriorities(existing);
    return [22, request.port].flatMap((port, i) => inbound
        .filter((r) => r.access === 'Deny' && typeof r.priority === 'number' && (r.protocol ?? '*').match(/^(\*|tcp)$/i) && coversPort(r, port))
        .map((r) => ({
            nsgId,
            name: r.name ?? '',
            priority: r.priority!,
            port,
            source: [r.sourceAddressPrefix, ...(r.sourceAddressPrefixes ?? [])].filter(Boolean).join(', ') || '*',
            destinationPorts: [r.destinationPortRange, ...(r.destinationPortRanges ?? [])].filter(Boolean).join(', '),
            ourPriority: ours[i],
            overridden: ours[i] < r.priority!,
        })));
}
