/**
 * A reliability scenario: a name, the fault it injects and the outcome a user must see. Each one
 * also fails on any unhandled promise rejection. run.ts writes docs/reliability.md from this registry
 * and the results, so the document always says what the suite checked.
 */
import * as assert from 'node:assert/strict';

/** What a scenario runs against, shown in docs/reliability.md so the report does not overstate it. */
export const scenarioKinds = {
    'emulator+dockerd': 'the Azure emulator (real `@azure/*` SDKs over HTTPS) with VMs backed by real dockerd engines',
    emulator: 'the Azure emulator only: ARM calls, no engine is involved',
    dockerd: 'a real dockerd with TLS on loopback, no Azure',
    'silent-tcp': 'the real engine client against a loopback TCP server that accepts and never answers, no Azure and no dockerd',
    files: 'a function of the core reading real files on disk, no Azure and no engine',
    validator: 'a pure function of the core (a prompt\'s validator or parser), no Azure and no engine',
} as const;

export interface ScenarioInfo {
    readonly area: 'ARM faults' | 'Create failures' | 'Engine faults' | 'Bad input' | 'Security' | 'Adoption';
    /** What the scenario exercises: see scenarioKinds. */
    readonly kind: keyof typeof scenarioKinds;
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
