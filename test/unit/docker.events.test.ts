import * as assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { mock } from 'node:test';
import type { EngineErrorDescription } from '../../src/docker/describeEngineError';
import type { EngineClient } from '../../src/docker/engineClient';
import { cappedExponentialBackoff, scopeOfEvent, watchEngineEvents, type ChangeReason, type EventsStatus } from '../../src/docker/events';

// The watcher's timers run on a mocked clock (setTimeout, setInterval and Date), so timings are exact
// and a loaded machine cannot stretch them. setImmediate stays real: it lets the stream's nextTicks
// and promise callbacks run between ticks, as they would between real timer firings.
const settle = async () => {
    for (let i = 0; i < 3; i++) {
        await new Promise<void>((r) => setImmediate(r));
    }
};

/** Moves the clock 1 ms at a time, letting I/O callbacks run after each step. */
async function advance(ms: number): Promise<void> {
    await settle();
    for (let i = 0; i < ms; i++) {
        mock.timers.tick(1);
        await settle();
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
    beforeEach(() => mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: 0 }));
    afterEach(() => mock.timers.reset());

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
        const w = watchEngineEvents(fake.client, { onChange: (reason) => changes.push({ at: Date.now(), reason }), coalesceMs: 60 });
        await settle();
        assert.equal(w.status.state, 'connected');
        const burst = fake.event('container', 'kill') + fake.event('container', 'exec_start: sh') + fake.event('network', 'disconnect') + fake.event('container', 'die');
        const t0 = Date.now();
        fake.streams[0].write(burst.slice(0, 50));
        fake.streams[0].write(burst.slice(50));
        await settle();
        assert.equal(changes.length, 1, 'the leading change came at once, with no time passing');
        assert.equal(changes[0].at, t0);
        assert.deepEqual(changes[0].reason, { cause: 'events', scopes: ['container'], count: 1 });
        await advance(59);
        assert.equal(changes.length, 1, 'the rest of the burst waits for the end of the window');
        await advance(1);
        assert.deepEqual(changes.map((c) => c.reason), [
            { cause: 'events', scopes: ['container'], count: 1 },
            { cause: 'events', scopes: ['network', 'container'], count: 2 },
        ]);
        assert.equal(changes[1].at - t0, 60, 'the rest fired at the end of the window');

        // That change opened a 120 ms window; it ends quiet, so the next change is a leading edge again…
        await advance(120);
        assert.equal(changes.length, 2);
        const t1 = Date.now();
        fake.streams[0].write(fake.event('volume', 'create'));
        await settle();
        assert.equal(changes.length, 3, 'a change after a quiet window fires at once');
        assert.equal(changes[2].at, t1);
        // …and the window after it is back to 60 ms, not the 240 ms the doubling had reached.
        fake.streams[0].write(fake.event('volume', 'destroy'));
        await advance(59);
        assert.equal(changes.length, 3);
        await advance(1);
        assert.equal(changes.length, 4);
        assert.equal(changes[3].at - t1, 60);
        w.dispose();
    });

    it('turns a storm into a few changes with growing windows, and loses no event', async () => {
        const fake = new FakeEngine();
        const changes: { at: number; reason: ChangeReason }[] = [];
        const w = watchEngineEvents(fake.client, { onChange: (reason) => changes.push({ at: Date.now(), reason }), coalesceMs: 25, maxCoalesceMs: 100 });
        await settle();
        assert.equal(w.status.state, 'connected');
        // 1,000 events over 247 ms, 2.5 ms apart on average, in 100 writes (every 2 or 3 ms).
        const t0 = Date.now();
        for (let i = 0; i < 100; i++) {
            fake.streams[0].write(fake.event('container', 'pause').repeat(10));
            if (i < 99) {
                await advance(i % 2 === 0 ? 2 : 3);
            }
        }
        const last = Date.now() - t0;
        assert.equal(last, 247);
        await advance(250);
        const counts = changes.map((c) => (c.reason.cause === 'events' ? c.reason.count : 0));
        assert.equal(counts.reduce((a, b) => a + b, 0), 1000, 'every event is in exactly one change');
        assert.equal(counts[0], 1, 'the first event of the storm fired on its own, at once');
        const at = changes.map((c) => c.at - t0);
        // Windows of 25, 50, 100, 100 from the leading change: fixed 25 ms windows would give 11 changes.
        assert.deepEqual(at, [0, 25, 75, 175, 275], `changes at ${at.join(', ')} ms`);
        const gaps = at.slice(1).map((a, i) => a - at[i]);
        assert.ok(gaps[1] > gaps[0] * 1.5, `the windows grow: ${gaps.join(', ')} ms`);
        assert.ok(at.at(-1)! >= last, 'the last change comes after the last event');
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
        await advance(100);
        assert.equal(changes.length, 0, 'no poll while connected');
        fake.streams[0].end(); // the engine went away at 100 ms; it is back at 100 + 30 + 60 + 90 = 280 ms
        await advance(179);
        assert.equal(fake.connects, 3);
        assert.equal(w.status.state, 'reconnecting');
        await advance(1);
        assert.equal(fake.connects, 4);
        assert.equal(w.status.state, 'connected');
        const reconnecting = statuses.filter((s): s is Extract<EventsStatus, { state: 'reconnecting' }> => s.state === 'reconnecting');
        assert.deepEqual(reconnecting.map((s) => [s.attempt, s.retryInMs]), [[1, 30], [2, 60], [3, 90]]);
        assert.match(reconnecting[0].lastError.cause, /closed its event stream/);
        assert.equal(reconnecting[1].lastError.kind, 'refused');
        // Polls at 140, 180, 220 and 260 ms, each after a quiet 5 ms window, so each fires at once.
        assert.deepEqual(changes, [
            { cause: 'fallbackPoll' }, { cause: 'fallbackPoll' }, { cause: 'fallbackPoll' }, { cause: 'fallbackPoll' },
            { cause: 'reconnected' },
        ]);
        await advance(150);
        assert.equal(changes.length, 5, 'polling stopped with the stream back');
        assert.equal(fake.connects, 4);
        w.dispose();
    });

    it('dispose() aborts the stream and silences every timer', async () => {
        const fake = new FakeEngine();
        fake.plan.push('ok');
        let calls = 0;
        const w = watchEngineEvents(fake.client, { onChange: () => calls++, onStatus: () => calls++, coalesceMs: 30, backoff: () => 5, fallbackPollMs: 5 });
        await advance(10);
        // The first event fires on the leading edge and opens a window; the second waits in it.
        fake.streams[0].write(fake.event('image', 'tag'));
        await settle();
        assert.equal(calls, 2, 'connected, then the leading change');
        calls = 0;
        fake.streams[0].write(fake.event('image', 'untag'));
        await settle();
        w.dispose();
        assert.equal(fake.signals[0].aborted, true);
        await advance(60);
        assert.equal(calls, 0);
        assert.equal(fake.connects, 1);
    });

    it('reconnectNow() connects at once instead of waiting for the backoff', async () => {
        const fake = new FakeEngine();
        fake.plan.push('refuse', 'ok');
        const w = watchEngineEvents(fake.client, { onChange: () => undefined, backoff: () => 60_000 });
        await advance(10);
        assert.equal(w.status.state, 'reconnecting');
        w.reconnectNow();
        await settle();
        assert.equal(w.status.state, 'connected');
        w.dispose();
    });
});
