/** The ARM router: every resource provider's routes plus the operation status endpoints. */
import { registerCompute } from './compute';
import { registerSkus } from './computeSkus';
import { registerContainerRegistry } from './containerRegistry';
import { ArmError } from './errors';
import { registerNetwork } from './network';
import { registerNetworkNic } from './networkNic';
import { registerResourceGraph } from './resourceGraph';
import { registerResourceGroups } from './resourceGroups';
import { Router } from './router';
import { registerShutdownSchedules } from './shutdownSchedules';
import { registerSubscriptions } from './subscriptions';
import { registerVmExtensions } from './vmExtensions';

export function createArmRouter(): Router {
    const router = new Router();
    registerSubscriptions(router);
    registerResourceGroups(router);
    registerCompute(router);
    registerVmExtensions(router);
    registerSkus(router);
    registerNetwork(router);
    registerNetworkNic(router);
    registerResourceGraph(router);
    registerContainerRegistry(router);
    registerShutdownSchedules(router);
    const ops = '/subscriptions/{subscriptionId}/providers/{namespace}/locations/{location}';
    router.add('GET', `${ops}/operations/{operationId}`, (ctx) => ctx.core.ops.statusReply(findOp(ctx.core.ops.get(ctx.params.operationId), ctx.params.operationId)));
    router.add('GET', `${ops}/operationResults/{operationId}`, (ctx) => ctx.core.ops.resultReply(findOp(ctx.core.ops.get(ctx.params.operationId), ctx.params.operationId)));
    return router;
}

function findOp<T>(op: T | undefined, id: string): T {
    if (!op) {
        throw new ArmError(404, 'NotFound', `The operation '${id}' was not found.`);
    }
    return op;
}
