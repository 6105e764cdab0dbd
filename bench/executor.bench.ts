/**
 * The executor against (a) the same graph in the anchors' sequential order and (b) the critical
 * path, all from the `azure-typical` profile (÷100) and measured in one run.
 */
import { criticalPathMs, sequentialMs } from './criticalPath';
import { executeGraph } from '../src/azure/provisioning/executor';
import type { ProvisioningNode } from '../src/azure/provisioning/graph';
import { LatencyProfile, operationDelayMs } from '../test/emulator/latencyProfile';
import { asAnchorSequence, createGraphShape } from '../test/unit/createGraphShape';
import type { Result } from './result';


const profile: LatencyProfile = { name: 'azure-typical', scale: 100 };

function delayOf(node: Pick<ProvisioningNode, 'kind'>): number {
    return node.kind ? operationDelayMs(profile, node.kind) : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms);
        signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
        }, { once: true });
    });
}

async function wallMs(nodes: ProvisioningNode[]): Promise<number> {
    const start = performance.now();
    const result = await executeGraph(nodes);
    if (!result.ok) {
        throw new Error(`bench graph failed: ${String(result.error)}`);
    }
    return performance.now() - start;
}

export async function run(): Promise<Result> {
    const nodes = createGraphShape((step) => async ({ signal }) => {
        await sleep(delayOf(step), signal);
        return {};
    });
    const critical = criticalPathMs(nodes, delayOf);
    const sequential = sequentialMs(nodes, delayOf);
    const executorWall = await wallMs(nodes);
    const sequentialWall = await wallMs(asAnchorSequence(nodes));
    const figures = {
        executorWallMs: round(executorWall),
        sequentialWallMs: round(sequentialWall),
        criticalPathMs: critical,
        sequentialSumMs: sequential,
        wallOverCriticalPath: round(executorWall / critical, 3),
        wallOverSequential: round(executorWall / sequentialWall, 3),
        // The best any executor can do on this graph and profile.
        criticalPathOverSequential: round(critical / sequential, 3),
    };
    return {
        name: 'provisioning-executor',
        figures,
        goal: 'wall ÷ critical path ≤ 1.05 (azure-typical ÷100); wall ÷ sequential is for information only',
        pass: figures.wallOverCriticalPath <= 1.05,
    };
}

function round(value: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

if (require.main === module) {
    run().then((r) => console.log(JSON.stringify(r, null, 2)), (e: unknown) => {
        console.error(e);
        process.exitCode = 1;
    });
}
