import type { ArmClients } from '../armClients';
import type { CloudConfig } from '../cloud';
import { describeAzureError, type ErrorDescription } from '../describeError';

/** What every lifecycle action needs: the subscription's SDK clients and the cloud they talk to. */
export interface LifecycleDeps {
    readonly clients: ArmClients;
    readonly cloud: CloudConfig;
    /** Passed to the SDK's pollers as updateIntervalInMs; undefined keeps the SDK's default. */
    readonly pollIntervalMs?: number;
}

/** An Azure call that failed, described as a cause and a fix; the SDK's error is its `cause`. */
export class AzureActionError extends Error {
    constructor(readonly description: ErrorDescription, options?: { cause?: unknown }) {
        super(description.fix ? `${description.cause} ${description.fix}` : description.cause, options);
        this.name = 'AzureActionError';
    }
}

/**
 * Wraps any error from an Azure call so its message names the cause and the fix; `fallbackFix` is
 * used where describeAzureError knows none (an operation Azure refused, say).
 */
export function azureActionError(error: unknown, where: string, deps: Pick<LifecycleDeps, 'cloud'>, fallbackFix?: string): AzureActionError {
    if (error instanceof AzureActionError) {
        return error;
    }
    const description = describeAzureError(error, where, deps.cloud.resourceManagerEndpoint);
    return new AzureActionError(description.fix || !fallbackFix ? description : { ...description, fix: fallbackFix }, { cause: error });
}

/** A problem found before calling Azure: the message is the cause followed by the fix. */
export function actionRefused(cause: string, fix?: string): AzureActionError {
    return new AzureActionError({ kind: 'other', cause, fix });
}

export function lroOptions(deps: Pick<LifecycleDeps, 'pollIntervalMs'>, signal?: AbortSignal) {
    return { abortSignal: signal, updateIntervalInMs: deps.pollIntervalMs };
}

export function isNotFound(error: unknown): boolean {
    const e = error as { statusCode?: number; code?: string } | undefined;
    return e?.statusCode === 404 || e?.code === 'ResourceNotFound' || e?.code === 'NotFound' || e?.code === 'ResourceGroupNotFound';
}

/** A GET that answers undefined for a resource that does not exist. */
export async function getIfExists<T>(get: () => Promise<T>): Promise<T | undefined> {
    try {
        return await get();
    } catch (error) {
        if (isNotFound(error)) {
            return undefined;
        }
        throw error;
    }
}
