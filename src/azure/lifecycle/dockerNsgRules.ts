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
    const inbound = existing.filter((r) => (r.direction ?? 'Inbound') === 'Inbound' && r.name !== adoptedRuleNames.ssh && r.name !== adoptedRuleNames.docker);
    const used = new Set(inbound.map((r) => r.priority).filter((p): p is number => typeof p === 'number'));
    const firstDeny = Math.min(...inbound.filter((r) => r.access === 'Deny' && typeof r.priority === 'number').map((r) => r.priority!), 4097);
    const free = (p: number) => p >= 100 && p <= 4096 && !used.has(p);
    const priorities: number[] = [];
    // Upwards from 1000 while that stays below every Deny rule; else downwards from just below the first Deny.
    for (let p = 1000; p < firstDeny && priorities.length < 2; p++) {
        if (free(p)) {
            priorities.push(p);
        }
    }
    for (let p = Math.min(999, firstDeny - 1); p >= 100 && priorities.length < 2; p--) {
        if (free(p)) {
            priorities.unshift(p);
        }
    }
    for (let p = Math.max(1000, firstDeny + 1); p <= 4096 && priorities.length < 2; p++) {
        if (free(p)) {
            priorities.push(p);
        }
    }
    if (priorities.length < 2) {
        throw new Error('The network security group has no free inbound rule priority left (100–4096). Remove an unused rule, then try again.');
    }
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
    return [rule(adoptedRuleNames.ssh, 22, priorities[0]), rule(adoptedRuleNames.docker, request.port, priorities[1])];
}
