import * as assert from 'node:assert/strict';
import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { retryAfterMs, TenantThrottle } from '../../src/azure/throttle';

function response(status: number, headers: Record<string, string> = {}): PipelineResponse {
    return { status, headers: createHttpHeaders(headers), request: createPipelineRequest({ url: 'https://management.example/' }) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` requests through the throttle, each answered after `ms` with `answer`; returns each one's start time. */
async function burst(throttle: TenantThrottle, count: number, ms: number, answer: () => PipelineResponse = () => response(200)): Promise<number[]> {
    const policy = throttle.policy();
    const starts: number[] = [];
    await Promise.all(Array.from({ length: count }, () => policy.sendRequest(createPipelineRequest({ url: 'https://management.example/x' }), async () => {
        starts.push(performance.now());
        await sleep(ms);
        return answer();
    })));
    return starts;
}

describe('Tenant throttle (parallel ARM reads, Retry-After, quota headers)', () => {
    it('keeps at most 8 requests of a tenant in flight, and uses all 8', async () => {
        const throttle = new TenantThrottle();
        await burst(throttle, 30, 20);
        assert.equal(throttle.peak, 8);
    });

    it('starts no request until the Retry-After of a 429 has passed', async () => {
        const throttle = new TenantThrottle();
        const policy = throttle.policy();
        const started = performance.now();
        await policy.sendRequest(createPipelineRequest({ url: 'https://management.example/x' }), () => Promise.resolve(response(429, { 'Retry-After': '1' })));
        const [next] = await burst(throttle, 1, 0);
        assert.ok(next - started >= 990, `the next request started after ${Math.round(next - started)} ms, inside the 1 s Retry-After`);
    });

    it('goes one request at a time while x-ms-ratelimit-remaining-subscription-reads is low, and back to 8 when it recovers', async () => {
        const throttle = new TenantThrottle();
        await burst(throttle, 1, 0, () => response(200, { 'x-ms-ratelimit-remaining-subscription-reads': '5' }));
        throttle.peak = 0;
        await burst(throttle, 6, 10, () => response(200, { 'x-ms-ratelimit-remaining-subscription-reads': '4' }));
        assert.equal(throttle.peak, 1);
        await burst(throttle, 1, 0, () => response(200, { 'x-ms-ratelimit-remaining-tenant-reads': '11000' }));
        throttle.peak = 0;
        await burst(throttle, 20, 10);
        assert.equal(throttle.peak, 8);
    });

    it('waits for x-ms-user-quota-resets-after when Resource Graph\'s quota is spent', async () => {
        const throttle = new TenantThrottle();
        const started = performance.now();
        await burst(throttle, 1, 0, () => response(200, { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:00.4' }));
        const [next] = await burst(throttle, 1, 0);
        assert.ok(next - started >= 390, `started after ${Math.round(next - started)} ms`);
    });

    it('reads retry-after-ms, Retry-After in seconds and as an HTTP date', () => {
        const now = Date.parse('2026-01-01T00:00:00Z');
        assert.equal(retryAfterMs(createHttpHeaders({ 'retry-after-ms': '250', 'Retry-After': '9' }), now), 250);
        assert.equal(retryAfterMs(createHttpHeaders({ 'Retry-After': '3' }), now), 3000);
        assert.equal(retryAfterMs(createHttpHeaders({ 'Retry-After': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now), 5000);
        assert.equal(retryAfterMs(createHttpHeaders({}), now), undefined);
    });
});
