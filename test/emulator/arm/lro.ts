/**
 * Long-running operations, the way ARM does them (NOTES.md (a), "Emulator recipe that satisfies
 * both generations"):
 * - a PUT answers 201/200 with a non-terminal provisioningState and `Azure-AsyncOperation`;
 * - a DELETE or POST action answers 202 with `Location` (and `Azure-AsyncOperation`, except for
 *   resource groups, whose real service sends Location only);
 * - the Azure-AsyncOperation URL always answers 200 `{status: InProgress|Succeeded|Failed|Canceled}`;
 * - the Location URL answers 202 (no body) while running, then 200 (no body), or the error.
 * All URLs are absolute and point back at the emulator. No Retry-After is sent, so SDK callers poll
 * at their own `updateIntervalInMs`.
 */
import { ArmError } from './errors';
import type { Reply } from '../http';
import type { JsonObject } from '../util';
import { guid } from '../util';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface OperationError { code: string; message: string; httpStatus: number }

export interface AsyncOperation {
    id: string;
    subscriptionId: string;
    /** Resource provider namespace the status URL lives under, e.g. Microsoft.Compute. */
    namespace: string;
    location: string;
    apiVersion: string;
    /** What the operation does, for logs and tests: e.g. "PUT Microsoft.Network/virtualNetworks". */
    description: string;
    status: OperationStatus;
    startTime: Date;
    endTime?: Date;
    error?: OperationError;
    done: Promise<void>;
}

export interface OperationSpec {
    subscriptionId: string;
    namespace: string;
    location: string;
    apiVersion: string;
    description: string;
    delayMs: number;
    /** Forced failure (the `lroFailed` fault): nothing runs, the operation ends Failed after the delay. */
    failure?: { code: string; message: string };
    /** Started at once, concurrently with the delay (e.g. the onSetupExtension hook). Throwing fails the operation. */
    run?: () => Promise<void>;
    /** Applies the result after the delay and `run`. Throwing fails (or, with OperationCanceled, cancels) it. */
    commit?: () => void;
    /** Called once if the operation ends Failed or Canceled. */
    onFailed?: (error: OperationError) => void;
}

/** Thrown from `commit` when the target vanished meanwhile (e.g. its resource group was deleted). */
export class OperationCanceled extends Error {}

export class Operations {
    private readonly ops = new Map<string, AsyncOperation>();
    private readonly timers = new Set<NodeJS.Timeout>();
    private stopped = false;

    constructor(private readonly origin: () => string) {}

    start(spec: OperationSpec): AsyncOperation {
        const op: AsyncOperation = {
            id: guid(),
            subscriptionId: spec.subscriptionId,
            namespace: spec.namespace,
            location: spec.location || 'global',
            apiVersion: spec.apiVersion,
            description: spec.description,
            status: 'InProgress',
            startTime: new Date(),
            done: Promise.resolve(),
        };
        op.done = this.execute(op, spec);
        this.ops.set(op.id.toLowerCase(), op);
        return op;
    }

    get(id: string): AsyncOperation | undefined {
        return this.ops.get(id.toLowerCase());
    }

    all(): AsyncOperation[] {
        return [...this.ops.values()];
    }

    /** Resolves once every operation started so far has ended. */
    async settle(): Promise<void> {
        await Promise.all(this.all().map((op) => op.done));
    }

    stop(): void {
        this.stopped = true;
        for (const t of this.timers) {
            clearTimeout(t);
        }
        this.timers.clear();
    }

    statusUrl(op: AsyncOperation): string {
        return `${this.origin()}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}` +
            `/operations/${op.id}?api-version=${encodeURIComponent(op.apiVersion)}`;
    }

    resultUrl(op: AsyncOperation): string {
        if (op.namespace === 'Microsoft.Resources') {
            return `${this.origin()}/subscriptions/${op.subscriptionId}/operationresults/${op.id}` +
                `?api-version=${encodeURIComponent(op.apiVersion)}`;
        }
        return `${this.origin()}/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}` +
            `/operationResults/${op.id}?api-version=${encodeURIComponent(op.apiVersion)}`;
    }

    /** Headers for the first response of a PUT (`put`) or a DELETE/POST (`accepted`). */
    headers(op: AsyncOperation, kind: 'put' | 'accepted'): Record<string, string> {
        if (kind === 'put') {
            return { 'Azure-AsyncOperation': this.statusUrl(op) };
        }
        const headers: Record<string, string> = { Location: this.resultUrl(op) };
        if (op.namespace !== 'Microsoft.Resources') {
            headers['Azure-AsyncOperation'] = this.statusUrl(op);
        }
        return headers;
    }

    /** GET on the Azure-AsyncOperation URL: always 200. */
    statusReply(op: AsyncOperation): Reply {
        const body: JsonObject = {
            id: `/subscriptions/${op.subscriptionId}/providers/${op.namespace}/locations/${op.location}/operations/${op.id}`,
            name: op.id,
            status: op.status,
            startTime: op.startTime.toISOString(),
        };
        if (op.endTime) {
            body.endTime = op.endTime.toISOString();
            body.percentComplete = 100;
        }
        if (op.error) {
            body.error = { code: op.error.code, message: op.error.message };
        }
        return { status: 200, body };
    }

    /** GET on the Location URL: 202 while running, 200 when done, the error when it failed. */
    resultReply(op: AsyncOperation): Reply {
        if (op.status === 'InProgress') {
            return { status: 202, headers: { Location: this.resultUrl(op) } };
        }
        if (op.status === 'Succeeded') {
            return { status: 200 };
        }
        const error = op.error ?? { code: 'Canceled', message: 'Operation was canceled.', httpStatus: 409 };
        return { status: error.httpStatus, body: { error: { code: error.code, message: error.message } } };
    }

    private delay(ms: number): Promise<void> {
        return new Promise((resolve) => {
            const t = setTimeout(() => {
                this.timers.delete(t);
                resolve();
            }, ms);
            this.timers.add(t);
        });
    }

    private async execute(op: AsyncOperation, spec: OperationSpec): Promise<void> {
        try {
            if (spec.failure) {
                await this.delay(spec.delayMs);
                throw new ArmError(409, spec.failure.code, spec.failure.message);
            }
            await Promise.all([this.delay(spec.delayMs), spec.run?.()]);
            if (this.stopped) {
                return;
            }
            spec.commit?.();
            op.status = 'Succeeded';
        } catch (e) {
            if (this.stopped) {
                return;
            }
            const canceled = e instanceof OperationCanceled;
            const error: OperationError = e instanceof ArmError
                ? { code: e.code, message: e.message, httpStatus: e.status }
                : canceled
                    ? { code: 'Canceled', message: e.message || 'Operation was canceled.', httpStatus: 409 }
                    : { code: 'InternalServerError', message: e instanceof Error ? e.message : String(e), httpStatus: 500 };
            op.status = canceled ? 'Canceled' : 'Failed';
            op.error = error;
            try {
                spec.onFailed?.(error);
            } catch {
                // the failure is already recorded on the operation
            }
        } finally {
            op.endTime = new Date();
        }
    }
}
