import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { Log } from '../host/log';

const correlationHeader = 'x-ms-correlation-request-id';
const requestIdHeader = 'x-ms-request-id';

/** The correlation id every ARM request of the current action carries (one user action, one id). */
const correlation = new AsyncLocalStorage<string>();

/**
 * Runs `action` so that each ARM request it makes sends the same x-ms-correlation-request-id, which
 * ARM keeps with each request: the one id Azure support needs to find all of them.
 */
export function withAzureCorrelation<T>(action: (correlationId: string) => Promise<T>): Promise<T> {
    const id = randomUUID();
    return correlation.run(id, () => action(id));
}

/**
 * Logs every attempt of every ARM request, below the SDK's retry: method, path, status, duration
 * and ARM's two ids. Nothing else of the request is read: not the query, headers (the token) or
 * body (protected settings). A failure is logged at error level, the rest at debug: a 404 too,
 * the answer every "is this name free?" check hopes for.
 */
export function requestLogPolicy(log: Log): PipelinePolicy {
    return {
        name: 'azureDockerHostsRequestLog',
        async sendRequest(request, next) {
            const id = correlation.getStore();
            if (id && !request.headers.has(correlationHeader)) {
                request.headers.set(correlationHeader, id);
            }
            const what = `${request.method} ${new URL(request.url).pathname}`;
            const started = performance.now();
            const ms = () => Math.round(performance.now() - started);
            try {
                const response = await next(request);
                const ids = `x-ms-request-id ${response.headers.get(requestIdHeader) ?? '-'}, x-ms-correlation-request-id ${response.headers.get(correlationHeader) ?? id ?? '-'}`;
                const line = `Azure answered ${what} with ${response.status} in ${ms()} ms (${ids}).`;
                if (response.status >= 400 && response.status !== 404) {
                    log.error(line);
                } else {
                    log.debug(line);
                }
                return response;
            } catch (error) {
                const e = error as { code?: string; name?: string };
                log.error(`Azure did not answer ${what} after ${ms()} ms: ${e.code ?? e.name ?? 'error'} (x-ms-correlation-request-id ${id ?? '-'}).`);
                throw error;
            }
        },
    };
}

const correlationOf = Symbol('azureCorrelationId');

interface ErrorChainLink {
    name?: string;
    message?: string;
    cause?: unknown;
    response?: { headers?: { get?(name: string): string | undefined } };
    [correlationOf]?: string;
}

/** Remembers on a thrown error the correlation id of the action it ended, for azureSupportId(). */
export function tagWithCorrelation(error: unknown, correlationId: string): void {
    if (typeof error === 'object' && error !== null && !(correlationOf in error)) {
        Object.defineProperty(error, correlationOf, { value: correlationId, enumerable: false });
    }
}

function chain(error: unknown): ErrorChainLink[] {
    const links: ErrorChainLink[] = [];
    for (let e = error; typeof e === 'object' && e !== null && links.length < 8; e = (e as ErrorChainLink).cause) {
        links.push(e as ErrorChainLink);
    }
    return links;
}

/** Errors Azure answered (or failed to answer): the SDK's, a long-running operation's, and ours that wrap them. */
function isAzureError(link: ErrorChainLink): boolean {
    return link.name === 'RestError' || link.name === 'AzureTimeoutError' || /long-running operation has failed/i.test(link.message ?? '');
}

/**
 * The correlation id to give Azure support for an error, or undefined when Azure had no part in it:
 * ARM's own answer when the error carries it, else the id the failed action sent with its requests.
 */
export function azureSupportId(error: unknown): string | undefined {
    const links = chain(error);
    for (const link of links) {
        const answered = link.response?.headers?.get?.(correlationHeader);
        if (answered) {
            return answered;
        }
    }
    return links.some(isAzureError) ? links.map((l) => l[correlationOf]).find(Boolean) : undefined;
}
