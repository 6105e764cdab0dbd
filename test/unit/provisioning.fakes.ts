/** Fakes for the provisioning tests: a cloud that holds what was created, and nodes that create into it. */
import type { CreatedResource, NodeContext, NodeResult, ProvisioningEvent, ProvisioningNode } from '../../src/azure/provisioning/graph';
import { createGraphShape, ShapeStep } from './createGraphShape';

export class FakeCloud {
    readonly live = new Set<string>();
    /** Every create and delete, in order, as 'create:id' / 'delete:id'. */
    readonly log: string[] = [];
    failDeleteOf = new Set<string>();

    resource(id: string, opts: { containsOthers?: boolean } = {}): CreatedResource {
        this.live.add(id);
        this.log.push(`create:${id}`);
        return {
            id,
            kind: 'fake',
            label: id,
            containsOthers: opts.containsOthers,
            undo: async (signal) => {
                await tick();
                if (signal.aborted) {
                    throw new Error('rollback signal aborted');
                }
                if (this.failDeleteOf.has(id)) {
                    throw new Error(`cannot delete ${id}`);
                }
                this.log.push(`delete:${id}`);
                if (opts.containsOthers) {
                    this.live.clear();
                } else {
                    this.live.delete(id);
                }
            },
        };
    }
}

export function tick(ms = 1): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal.aborted) {
            reject(signal.reason);
            return;
        }
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });
}

export interface ShapeOptions {
    cloud: FakeCloud;
    /** The resource group node creates the group (containsOthers) instead of using an existing one. */
    createsGroup?: boolean;
    /** This node records its resource, then fails before its operation completes. */
    failAt?: string;
    /** This node fails before its PUT is accepted: nothing of it exists. */
    failBeforeCreateAt?: string;
    delayMs?: number;
}

/** The Create-Docker-Host shape; every ARM node records one resource as soon as it starts. */
export function fakeCreateGraph(opts: ShapeOptions): ProvisioningNode[] {
    return createGraphShape((step: ShapeStep) => async (ctx: NodeContext): Promise<NodeResult> => {
        if (step.id === opts.failBeforeCreateAt) {
            await tick();
            throw new Error(`${step.id} rejected`);
        }
        // Only ARM operations create something; the server certificate and engine check do not.
        const createsSomething = step.kind !== undefined && (step.id !== 'resourceGroup' || opts.createsGroup);
        if (createsSomething) {
            ctx.record(opts.cloud.resource(step.id, { containsOthers: step.id === 'resourceGroup' }));
        }
        if (step.id === opts.failAt) {
            await tick();
            throw new Error(`${step.id} failed`);
        }
        await abortableSleep(opts.delayMs ?? 5, ctx.signal);
        return { output: `${step.id}-output` };
    });
}

export function eventIndex(events: ProvisioningEvent[], type: ProvisioningEvent['type'], nodeId: string): number {
    return events.findIndex((e) => e.type === type && e.nodeId === nodeId);
}

/** Node ids that `id` depends on, directly or not. */
export function ancestorsOf(nodes: readonly ProvisioningNode[], id: string): Set<string> {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const out = new Set<string>();
    const visit = (n: string): void => {
        for (const dep of byId.get(n)!.dependsOn) {
            if (!out.has(dep)) {
                out.add(dep);
                visit(dep);
            }
        }
    };
    visit(id);
    return out;
}
