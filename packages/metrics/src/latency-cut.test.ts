import { createJudge, type Counts } from '@shipgate/analysis';
import { latencyStats } from '@shipgate/probe';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyCut } from './latency-cut';

/** A seeded uniform generator (mulberry32), so the simulated rollout is the same every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lognormal latencies around 100 ms: what a healthy service looks like. */
function latencies(next: () => number, count: number): number[] {
  return Array.from({ length: count }, () => {
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return 100 * Math.exp(0.5 * normal);
  });
}

const p99 = (values: number[]) => latencyStats(Float64Array.from(values))?.p99Ms;
const above = (values: number[], cut: number | undefined) => (cut === undefined ? 0 : values.filter((ms) => ms > cut).length);

interface ArmPoll {
  canary: number[];
  baseline: number[];
}

/** The cut each poll is split with, when the polls go through one LatencyCut in order. */
function cutsApplied(polls: ArmPoll[], userCutMs?: number): Array<number | undefined> {
  const cut = new LatencyCut(userCutMs);
  return polls.map((poll) => cut.splitThenLearn((cutMs) => cutMs, p99(poll.baseline)));
}

describe('latency cut', () => {
  it('splits each poll with a cut decided before that poll: changing a poll never changes its own cut', () => {
    const poll = fc.record({ canary: fc.array(fc.double({ min: 1, max: 5000, noNaN: true }), { maxLength: 20 }), baseline: fc.array(fc.double({ min: 1, max: 5000, noNaN: true }), { maxLength: 20 }) });
    fc.assert(
      fc.property(fc.array(poll, { minLength: 1, maxLength: 8 }), fc.nat(), poll, (polls, which, replacement) => {
        const k = which % polls.length;
        const changed = polls.map((original, i) => (i === k ? replacement : original));
        expect(cutsApplied(changed)[k]).toBe(cutsApplied(polls)[k]);
        // Once set, the cut stays: every later poll is split the same way.
        const cuts = cutsApplied(polls).filter((cut) => cut !== undefined);
        expect(new Set(cuts).size).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('uses the user threshold for every poll, and otherwise the first poll only for later polls', () => {
    const polls: ArmPoll[] = [
      { canary: [300], baseline: [100, 120] },
      { canary: [300], baseline: [500, 900] },
      { canary: [300], baseline: [50] },
    ];
    expect(cutsApplied(polls, 250)).toEqual([250, 250, 250]);
    expect(cutsApplied(polls)).toEqual([undefined, 120, 120]);
    const calibrated = new LatencyCut();
    calibrated.learn(180); // the baseline's p99 measured before the canary started
    expect(calibrated.splitThenLearn((cutMs) => cutMs, 900)).toBe(180);
  });

  it('keeps a healthy canary alive, where a cut from the same poll makes the judge abort it', () => {
    // Canary and baseline have the very same latency; 100 requests each per poll.
    const next = random(20260101);
    const polls: ArmPoll[] = Array.from({ length: 150 }, () => ({ canary: latencies(next, 100), baseline: latencies(next, 100) }));
    const judgeWith = (cutFor: (poll: ArmPoll, index: number) => number | undefined) => {
      const judge = createJudge({ alpha: 0.05, minRequests: 50 });
      const cut = new LatencyCut();
      for (const [index, poll] of polls.entries()) {
        const cutMs = cutFor(poll, index) ?? cut.splitThenLearn((earlier) => earlier, p99(poll.baseline));
        const arm = (values: number[]): Counts => ({ requests: values.length, errors: 0, slow: above(values, cutMs) });
        const verdict = judge.observe({ canary: arm(poll.canary), baseline: arm(poll.baseline) });
        if (verdict.verdict === 'abort') return { aborted: true, atPoll: index + 1, reason: verdict.reason };
      }
      return { aborted: false };
    };
    const samePoll = judgeWith((poll) => p99(poll.baseline));
    expect(samePoll.aborted, 'a cut from the same poll should wrongly abort').toBe(true);
    expect(samePoll.reason).toMatch(/slow/);
    const earlierOnly = judgeWith(() => undefined);
    expect(earlierOnly).toEqual({ aborted: false });
  });
});
