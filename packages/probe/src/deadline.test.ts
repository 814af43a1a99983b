import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, setLongTimeout, startDeadline } from './deadline';

const HOURS_2000 = 2000 * 3600 * 1000;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('setLongTimeout', () => {
  afterEach(() => vi.useRealTimers());

  it('does not fire early for delays past what a Node timer holds (setTimeout fires those after 1 ms)', async () => {
    const fired: number[] = [];
    const timers = [MAX_TIMER_MS + 1, 2 ** 32, HOURS_2000, Infinity].map((ms) => setLongTimeout(() => fired.push(ms), ms));
    await pause(50);
    for (const timer of timers) timer.clear();
    expect(fired).toEqual([]);
  });

  it('fires a chained delay when it is due, not a slice before', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    let fired = false;
    setLongTimeout(() => (fired = true), 2 * MAX_TIMER_MS + 10);
    vi.advanceTimersByTime(2 * MAX_TIMER_MS + 5);
    expect(fired).toBe(false);
    vi.advanceTimersByTime(10);
    expect(fired).toBe(true);
  });

  it('fires at once for zero, negative and NaN delays rather than never', async () => {
    const fired: number[] = [];
    for (const ms of [0, -5, Number.NaN]) setLongTimeout(() => fired.push(ms), ms);
    await pause(20);
    expect(fired).toEqual([0, -5, Number.NaN]);
  });
});

describe('startDeadline', () => {
  it('takes any duration (AbortSignal.timeout throws a RangeError above 2³²−1 ms)', async () => {
    const deadline = startDeadline(HOURS_2000);
    await pause(20);
    expect(deadline.signal.aborted).toBe(false);
    deadline.clear();
  });

  it('tells a timeout from the parent signal aborting', async () => {
    const timedOut = startDeadline(10);
    await pause(40);
    expect([timedOut.signal.aborted, timedOut.expired, (timedOut.signal.reason as Error).name]).toEqual([true, true, 'TimeoutError']);

    const parent = new AbortController();
    const cancelled = startDeadline(60_000, parent.signal);
    parent.abort(new Error('cancelled (SIGINT)'));
    expect([cancelled.signal.aborted, cancelled.expired, (cancelled.signal.reason as Error).message]).toEqual([true, false, 'cancelled (SIGINT)']);
    cancelled.clear();
  });
});
