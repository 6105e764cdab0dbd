import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/** Requests one of whose attempts ended with no answer from Azure at all (connection reset, timeout). */
const lostAttempts = new WeakSet<object>();

/**
 * Runs below the SDK's retry, once per attempt. An attempt that got no HTTP answer may still have
 * been applied, so a retried PUT's 200 (or, with If-None-Match, 412) can be this run's own write.
 */
export function lostAttemptPolicy(): PipelinePolicy {
    return {
        name: 'azureDockerHostsLostAttempt',
        async sendRequest(request, next) {
            try {
                return await next(request);
            } catch (error) {
                if (!(error as { response?: unknown }).response) {
                    lostAttempts.add(request);
                }
                throw error;
            }
        },
    };
}

/** Whether an earlier attempt of this request (the SDK retries the same request object) got no answer. */
export function hadLostAttempt(request: object | undefined): boolean {
    return request !== undefined && lostAttempts.has(request);
}
