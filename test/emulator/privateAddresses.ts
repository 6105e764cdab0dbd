/**
 * A VM's private address (10.0.0.4 in its subnet, as ARM reports it) made real on this machine: an
 * address on the loopback interface, as public IPs are loopback addresses. So a dockerd-backed VM
 * can listen on it (a swarm's 2377 and 7946) and every other VM reaches it, as VMs of one virtual
 * network reach each other. Two running VMs of different virtual networks with the same private
 * address share it (no isolation between virtual networks; only one of them can listen on a port).
 * An address is added when its first VM boots and removed when the last one stops, and only if
 * this process added it.
 */
import { spawnSync } from 'node:child_process';

const users = new Map<string, { count: number; added: boolean }>();

function ip(args: string[]): { ok: boolean; out: string } {
    const run = spawnSync('ip', args, { encoding: 'utf8' });
    return { ok: run.status === 0, out: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}

function present(address: string): boolean {
    return ip(['-o', '-4', 'addr', 'show', 'dev', 'lo']).out.includes(` ${address}/`);
}

/** Puts `address` on the loopback interface for one more VM. */
export function usePrivateAddress(address: string): void {
    const entry = users.get(address);
    if (entry) {
        entry.count++;
        return;
    }
    let added = false;
    if (!present(address)) {
        const run = ip(['addr', 'add', `${address}/32`, 'dev', 'lo']);
        if (!run.ok) {
            throw new Error(`Could not give this machine the VM's private address ${address} (ip addr add): ${run.out.trim()}`);
        }
        added = true;
    }
    users.set(address, { count: 1, added });
}

/** One VM less on `address`; the last one takes the address off again. */
export function releasePrivateAddress(address: string): void {
    const entry = users.get(address);
    if (!entry || --entry.count > 0) {
        return;
    }
    users.delete(address);
    if (entry.added) {
        ip(['addr', 'del', `${address}/32`, 'dev', 'lo']);
    }
}
