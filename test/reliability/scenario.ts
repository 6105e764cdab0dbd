/**
 * A reliability scenario: a name, the fault it injects and the outcome a user must see. Each one
 * also fails on any unhandled promise rejection. run.ts writes docs/reliability.md from this registry
 * and the results, so the document always says what the suite checked.
 */
import * as assert from 'node:assert/strict';

export interface ScenarioInfo {
    readonly area: 'ARM faults' | 'Create failures' | 'Engine faults' | 'Bad input' | 'Security' | 'Adoption';
    readonly name: string;
    readonly fault: string;
    readonly expected: string;
}

export const scenarios: ScenarioInfo[] = [];

export function scenario(info: ScenarioInfo, fn: () => Promise<void>, timeoutMs = 90_000): void {
    scenarios.push(info);
    it(info.name, async function () {
        this.timeout(timeoutMs);
        const rejections: unknown[] = [];
        const onRejection = (reason: unknown) => rejections.push(reason);
        process.on('unhandledRejection', onRejection);
        try {
            await fn();
            // Let rejections of promises the scenario left behind surface before judging.
            await new Promise((resolve) => setTimeout(resolve, 50));
        } finally {
            process.off('unhandledRejection', onRejection);
        }
        assert.deepEqual(rejections.map(String), [], 'unhandled promise rejections');
    });
}
