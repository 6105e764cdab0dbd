import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { EngineErrorDescription } from '../../src/docker/describeEngineError';
import type { EngineClient } from '../../src/docker/engineClient';
import { cappedExponentialBackoff, scopeOfEvent, watchEngineEvents, type ChangeReason, type EventsStatus } from '../../src/docker/events';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
        await sleep(5);
    }
}

/** Stands in for EngineClient.stream: each connect takes the next planned outcome. */
class FakeEngine {
    readonly plan: ('ok' | 'refuse')[] = [];
    readonly streams: PassThrough[] = [];
    readonly signals: AbortSignal[] = [];
    connects = 0;
    readonly client = {
        address: 'fake:2376',
        stream: (_what: string, _run: unknown, options: { signal: AbortSignal }) => {
            this.connects++;
            this.signals.push(options.signal);
            if ((this.plan.shift() ?? 'ok') === 'refuse') {
                return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
            }
            const s = new PassThrough();
            options.signal.addEventListener('abort', () => s.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' })));
            this.streams.push(s);
            return Promise.resolve(s);
        },
        describe: (error: unknown): EngineErrorDescription => ({ kind: 'refused', cause: String((error as Error).message), fix: 'x', unreachable: true }),
    } as unknown as EngineClient;

    event(type: string, action: string): string {
        return JSON.stringify({ Type: type, Action: action, Actor: { ID: 'x' }, time: 1 }) + '\n';
    }
}

describe('engine events watcher', () => {
    it('keeps only what changes the tree', () => {
        assert.equal(scopeOfEvent({ Type: 'container', Action: 'start' }), 'container');
        assert.equal(scopeOfEvent({ Type: 'container', Action: 'health_status: unhealthy' }), 'container');
        assert.equal(scopeOfEvent({ Type: 'container', Action: 'exec_create: sh' }), undefined);
        assert.equal(scopeOfEvent({ Type: 'container', Action: 'resize' }), undefined);
        assert.equal(scopeOfEvent({ Type: 'volume', Action: 'mount' }), undefined);
        assert.equal(scopeOfEvent({ Type: 'volume', Action: 'destroy' }), 'volume');
        assert.equal(scopeOfEvent({ Type: 'daemon', Action: 'reload' }), undefined);
    });

    it('caps the exponential backoff', () => {
        const b = cappedExponentialBackoff(500, 4000);
        assert.deepEqual([1, 2, 3, 4, 5, 10].map(b), [500, 1000, 2000, 4000, 4000, 4000]);
    });

    it('fires the first change after a quiet spell at once, and coalesces the rest of a burst (lines split across chunks)', async () => {
        const fake = new FakeEngine();
        const changes: { at: number; reason: ChangeReason }[] = [];
        const w = watchEngineEvents(fake.client, { onChange: (reason) => changes.push({ at: performance.now(), reason }), coalesceMs: 60 });
        await until('connected', () => w.status.state === 'connected');
        const burst = fake.event('container', 'kill') + fake.event('container', 'exec_start: sh') + fake.event('network', 'disconnect') + fake.event('container', 'die');
        const t0 = performance.now();
        fake.streams[0].write(burst.slice(0, 50));
        fake.streams[0].write(burst.slice(50));
        await until('a change', () => changes.length > 0);
        assert.ok(changes[0].at - t0 < 30, `the leading change came ${changes[0].at - t0} ms after the event, not at once`);
        assert.deepEqual(changes[0].reason, { cause: 'events', scopes: ['container'], count: 1 });
        await sleep(150);
        assert.deepEqual(changes.map((c) => c.reason), [
            { cause: 'events', scopes: ['container'], count: 1 },
            { cause: 'events', scopes: ['network', 'container'], count: 2 },
        ]);
        assert.ok(changes[1].at - changes[0].at >= 55, 'the rest waited for the end of the window');

        // The window ended quiet, so the next change is a leading edge again.
        const t1 = performance.now();
        fake.streams[0].write(fake.event('volume', 'create'));
        await until('the next change', () => changes.length === 3);
        assert.ok(changes[2].at - t1 < 30, `${changes[2].at - t1} ms`);
        w.dispose();
    });

    it('turns a storm into a few changes with growing windows, and loses no event', async () => {
        const fake = new FakeEngine();
        const changes: { at: number; reason: ChangeReason }[] = [];
        const w = watchEngineEvents(fake.client, { onChange: (reason) => changes.push({ at: performance.now(), reason }), coalesceMs: 25, maxCoalesceMs: 100 });
        await until('connected', () => w.status.state === 'connected');
        // 1,000 events over ~250 ms, one every 2.5 ms on average, in 100 writes.
        const t0 = performance.now();
        for (let i = 0; i < 100; i++) {
            fake.streams[0].write(fake.event('container', 'pause').repeat(10));
            await sleep(2.5);
        }
        const last = performance.now();
        await sleep(250);
        const counts = changes.map((c) => (c.reason.cause === 'events' ? c.reason.count : 0));
        assert.equal(counts.reduce((a, b) => a + b, 0), 1000, 'every event is in exactly one change');
        // Windows of 25, 50, 100, 100… from the leading change: fixed 25 ms windows would give ≥ 10.
        assert.ok(changes.length >= 3 && changes.length <= 6, `${changes.length} changes: ${changes.map((c) => Math.round(c.at - t0)).join(', ')} ms`);
        const gaps = changes.slice(1).map((c, i) => c.at - changes[i].at);
        assert.ok(gaps[1] > gaps[0] * 1.5, `the windows grow: ${gaps.map(Math.round).join(', ')} ms`);
        assert.ok(changes.at(-1)!.at >= last, 'the last change comes after the last event');
        w.dispose();
    });

    it('reconnects on the injected schedule, polls only while down, and fires "reconnected" when back', async () => {
        const fake = new FakeEngine();
        fake.plan.push('ok', 'refuse', 'refuse', 'ok');
        const changes: ChangeReason[] = [];
        const statuses: EventsStatus[] = [];
        const schedule = [30, 60, 90];
        const w = watchEngineEvents(fake.client, {
            onChange: (r) => changes.push(r),
            onStatus: (s) => statuses.push(s),
            coalesceMs: 5,
            backoff: (attempt) => schedule[attempt - 1],
            fallbackPollMs: 40,
        });
        await sleep(100);
        assert.equal(changes.length, 0, 'no poll while connected');
        fake.streams[0].end(); // the engine went away
        await until('connected again', () => fake.connects === 4 && w.status.state === 'connected');
        await until('the change after the outage', () => changes.at(-1)?.cause === 'reconnected');
        const reconnecting = statuses.filter((s): s is Extract<EventsStatus, { state: 'reconnecting' }> => s.state === 'reconnecting');
        assert.deepEqual(reconnecting.map((s) => [s.attempt, s.retryInMs]), [[1, 30], [2, 60], [3, 90]]);
        assert.match(reconnecting[0].lastError.cause, /closed its event stream/);
        assert.equal(reconnecting[1].lastError.kind, 'refused');
        const polls = changes.filter((c) => c.cause === 'fallbackPoll').length;
        assert.ok(polls >= 2, `${polls} polls in the ~180 ms outage at 40 ms`);
        assert.deepEqual(changes.at(-1), { cause: 'reconnected' });
        const count = changes.length;
        await sleep(150);
        assert.equal(changes.length, count, 'polling stopped with the stream back');
        assert.equal(fake.connects, 4);
        w.dispose();
    });

    it('dispose() aborts the stream and silences every timer', async () => {
        const fake = new FakeEngine();
        fake.plan.push('ok');
        let calls = 0;
        const w = watchEngineEvents(fake.client, { onChange: () => calls++, onStatus: () => calls++, coalesceMs: 30, backoff: () => 5, fallbackPollMs: 5 });
        await sleep(10);
        // The first event fires on the leading edge and opens a window; the second waits in it.
        fake.streams[0].write(fake.event('image', 'tag'));
        await until('the leading change', () => calls === 2);
        calls = 0;
        fake.streams[0].write(fake.event('image', 'untag'));
        w.dispose();
        assert.equal(fake.signals[0].aborted, true);
        await sleep(60);
        assert.equal(calls, 0);
        assert.equal(fake.connects, 1);
    });

    it('reconnectNow() connects at once instead of waiting for the backoff', async () => {
        const fake = new FakeEngine();
        fake.plan.push('refuse', 'ok');
        const w = watchEngineEvents(fake.client, { onChange: () => undefined, backoff: () => 60_000 });
        await sleep(10);
        assert.equal(w.status.state, 'reconnecting');
        w.reconnectNow();
        await sleep(10);
        assert.equal(w.status.state, 'connected');
        w.dispose();
    });
});
