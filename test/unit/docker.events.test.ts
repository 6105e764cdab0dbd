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

    it('debounces a burst into one change naming the scopes, even with lines split across chunks', async () => {
        const fake = new FakeEngine();
        const changes: ChangeReason[] = [];
        const w = watchEngineEvents(fake.client, { onChange: (r) => changes.push(r), debounceMs: 40 });
        await until('connected', () => w.status.state === 'connected');
        const burst = fake.event('container', 'create') + fake.event('container', 'exec_start: sh') + fake.event('network', 'connect') + fake.event('container', 'start');
        fake.streams[0].write(burst.slice(0, 50));
        fake.streams[0].write(burst.slice(50));
        await until('a change', () => changes.length > 0);
        await sleep(80);
        assert.deepEqual(changes, [{ cause: 'events', scopes: ['container', 'network'], count: 3 }]);
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
            debounceMs: 5,
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
        const w = watchEngineEvents(fake.client, { onChange: () => calls++, onStatus: () => calls++, debounceMs: 5, backoff: () => 5, fallbackPollMs: 5 });
        await sleep(10);
        calls = 0;
        fake.streams[0].write(fake.event('image', 'tag'));
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
