/**
 * Scriptable faults. A rule matches a request by method and a regular expression on the URL's
 * pathname (not the query), optionally only for its first N matches, and then acts instead of (or,
 * for `lroFailed`, `delayMs` and `holdAnswerMs`, in addition to) the normal handling. Rules are checked in the order
 * they were added; the first that matches wins. They apply to the ARM and Entra endpoints, never to
 * the emulator's own /emulator/* control endpoints.
 */
import { randomUUID } from 'node:crypto';

export type FaultAction =
    /** Answer with this status and an ARM error body. 429/503 with `retryAfterMs` send `retry-after-ms` and `Retry-After` (whole seconds, rounded down). */
    | { status: number; code?: string; message?: string; retryAfterMs?: number }
    /** Answer with exactly this ARM error, e.g. quota `{status:409, code:'OperationNotAllowed'}` or `SkuNotAvailable`. */
    | { armError: { status: number; code: string; message: string; target?: string } }
    /** Process the request normally, but the long-running operation it starts ends Failed with this error. */
    | { lroFailed: { code: string; message: string } }
    /** Never answer. The socket stays open until the client gives up or the emulator stops. */
    | { hang: true }
    /**
     * Destroy the connection: `true`/'mid-response' after sending the status line and part of a
     * body (the SDK surfaces it as RestError PARSE_ERROR "aborted", not retried); 'before-response'
     * before sending anything (ECONNRESET "socket hang up", which the SDK's exponential retry retries
     * after about a second).
     */
    | { reset: true | 'mid-response' | 'before-response' }
    /**
     * Process the request normally (a PUT's write is applied and its operation started), then cut
     * the connection: the write happened, but its response is lost. `true`/'mid-response' cuts after
     * the status line and part of the body (RestError "aborted", not retried); 'before-response'
     * before the status line (ECONNRESET, which the SDK retries: the retry meets the run's own write).
     */
    | { dropAfterWrite: true | 'mid-response' | 'before-response' }
    /** Wait this long, then process the request normally. */
    | { delayMs: number }
    /**
     * Process the request normally at once, then wait this long before answering: ARM has made the
     * change but the client has not heard so, e.g. for a cancel that lands while a PUT is in flight.
     */
    | { holdAnswerMs: number };

export interface FaultMatch {
    /** HTTP method, case-insensitive; any method when omitted. */
    method?: string;
    /** Tested against the pathname. A string is compiled as a case-insensitive regular expression. */
    path: RegExp | string;
    /** Apply to this many matching requests, then retire (default: every matching request). */
    times?: number;
    /** Same as `times: 1`. */
    once?: boolean;
    /** Let this many matching requests through untouched first. */
    skip?: number;
}

export type FaultSpec = FaultMatch & FaultAction;

/** The key that names each kind of action. */
export const faultActions = ['status', 'armError', 'lroFailed', 'hang', 'reset', 'delayMs', 'dropAfterWrite', 'holdAnswerMs'] as const;

export interface FaultHandle {
    readonly id: string;
    /** How many requests this rule has acted on. */
    readonly hits: number;
    remove(): void;
}

interface Rule {
    id: string;
    spec: FaultSpec;
    method?: string;
    path: RegExp;
    remaining: number;
    skip: number;
    hits: number;
}

export class Faults {
    private rules: Rule[] = [];

    add(spec: FaultSpec): FaultHandle {
        const rule: Rule = {
            id: randomUUID(),
            spec,
            method: spec.method?.toUpperCase(),
            path: typeof spec.path === 'string' ? new RegExp(spec.path, 'i') : spec.path,
            remaining: spec.once ? 1 : spec.times ?? Number.POSITIVE_INFINITY,
            skip: spec.skip ?? 0,
            hits: 0,
        };
        this.rules.push(rule);
        const remove = (): void => {
            this.remove(rule.id);
        };
        return {
            id: rule.id,
            get hits() { return rule.hits; },
            remove,
        };
    }

    remove(id: string): boolean {
        const before = this.rules.length;
        this.rules = this.rules.filter((r) => r.id !== id);
        return this.rules.length !== before;
    }

    clear(): void {
        this.rules = [];
    }

    list(): { id: string; method?: string; path: string; hits: number; remaining: number | null }[] {
        return this.rules.map((r) => ({
            id: r.id,
            method: r.method,
            path: r.path.source,
            hits: r.hits,
            remaining: Number.isFinite(r.remaining) ? r.remaining : null,
        }));
    }

    /** The action for this request, if a rule matches; counts the hit. */
    match(method: string, pathname: string): FaultAction | undefined {
        for (const rule of this.rules) {
            if (rule.remaining <= 0 || (rule.method && rule.method !== method.toUpperCase())) {
                continue;
            }
            rule.path.lastIndex = 0;
            if (!rule.path.test(pathname)) {
                continue;
            }
            if (rule.skip > 0) {
                rule.skip--;
                continue;
            }
            rule.remaining--;
            rule.hits++;
            return rule.spec;
        }
        return undefined;
    }
}

/** Parses a rule sent to `POST /emulator/faults` (`path` is a regex source; `flags` default "i"). */
export function parseFaultSpec(input: unknown): FaultSpec {
    if (typeof input !== 'object' || input === null) {
        throw new Error('fault rule must be a JSON object');
    }
    const raw = input as Record<string, unknown>;
    if (typeof raw.path !== 'string') {
        throw new Error('fault rule needs "path" (a regular expression source)');
    }
    const flags = typeof raw.flags === 'string' ? raw.flags : 'i';
    const spec = { ...raw, path: new RegExp(raw.path, flags) } as Record<string, unknown>;
    delete spec.flags;
    const actions = faultActions.filter((k) => k in spec);
    if (actions.length !== 1) {
        throw new Error(`fault rule needs exactly one of ${faultActions.join(', ')}`);
    }
    return spec as unknown as FaultSpec;
}
