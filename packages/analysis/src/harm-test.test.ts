import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SequentialHarmTest, eventShare, logMeanExp, logUniformGrid, pollBet, pollLogEvidence } from './harm-test';

/**
 * Exact expectation of a poll's e-value when the poll's events come in clusters of the given
 * sizes and each cluster lands on the canary with probability q (all 2^k assignments).
 */
function clusteredExpectation(sizes: readonly number[], q: number, share: number, ratio: number, nullRatio: number): number {
  let expectation = 0;
  const total = sizes.reduce((a, b) => a + b, 0);
  for (let mask = 0; mask < 1 << sizes.length; mask++) {
    let canary = 0;
    let prob = 1;
    sizes.forEach((size, i) => {
      const onCanary = (mask >> i) & 1;
      canary += onCanary ? size : 0;
      prob *= onCanary ? q : 1 - q;
    });
    expectation += prob * Math.exp(pollLogEvidence(canary, total - canary, share, ratio, nullRatio));
  }
  return expectation;
}

describe('pollLogEvidence', () => {
  it('is a bet linear in the canary events, worked by hand', () => {
    // p = 0.5, r = 3 → q = 0.75
    expect(eventShare(0.5, 3)).toBeCloseTo(0.75, 12);
    // 4 events, null share 0.5: expected 2 canary events; 3 seen → 1 + β·(3 − 2)/2
    const beta = pollBet(4, 0.5, 3, 1);
    expect(beta).toBeGreaterThan(0);
    expect(beta).toBeLessThanOrEqual(0.95);
    expect(Math.exp(pollLogEvidence(3, 1, 0.5, 3))).toBeCloseTo(1 + beta / 2, 12);
    // A canary with exactly its null share of the events neither gains nor loses.
    expect(pollLogEvidence(1, 9, 0.1, 2)).toBeCloseTo(0, 12);
  });

  it('has expectation at most 1 under "ratio ≤ margin" for any cluster sizes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        fc.double({ min: 0.02, max: 0.9, noNaN: true }),
        fc.double({ min: 1, max: 2, noNaN: true }),
        fc.double({ min: 1.05, max: 20, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (sizes, share, margin, alternative, truthShare) => {
          // The truth is anywhere at or below the margin: ratio = margin × truthShare-ish.
          const q = eventShare(share, margin * truthShare);
          expect(clusteredExpectation(sizes, q, share, margin * alternative, margin)).toBeLessThanOrEqual(1 + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is exactly 1 in expectation even when all events are one cluster, where a binomial likelihood ratio is not', () => {
    const share = 0.1;
    const q = eventShare(share, 1);
    expect(clusteredExpectation([8], q, share, 2, 1)).toBeCloseTo(1, 12);
    // The binomial likelihood ratio for r = 2 on one cluster of 8: far above 1, which is what broke the old bound.
    const q2 = eventShare(share, 2);
    const binomial = q * (q2 / q) ** 8 + (1 - q) * ((1 - q2) / (1 - q)) ** 8;
    expect(binomial).toBeGreaterThan(2);
  });
});

describe('logMeanExp', () => {
  it('averages e-values without overflow, with optional weights', () => {
    expect(logMeanExp([Math.log(2), Math.log(4)])).toBeCloseTo(Math.log(3), 12);
    expect(logMeanExp([1000, 1000])).toBeCloseTo(1000, 9);
    expect(logMeanExp([Math.log(2), Math.log(4)], [0.25, 0.75])).toBeCloseTo(Math.log(3.5), 12);
  });
});

describe('logUniformGrid', () => {
  it('spreads points evenly in log between the ends', () => {
    const grid = logUniformGrid(1, 16, 4);
    expect(grid.map((g) => Math.log2(g))).toEqual([0.5, 1.5, 2.5, 3.5].map((x) => expect.closeTo(x, 12)));
  });
});

describe('SequentialHarmTest', () => {
  it('multiplies each alternative\'s bets across polls and averages the products', () => {
    const test = new SequentialHarmTest({ ratios: [2, 4] });
    test.observe(3, 100, 5, 300); // share 0.25
    test.observe(1, 100, 1, 100); // share 0.5
    const e = (r: number) => Math.exp(pollLogEvidence(3, 5, 0.25, r) + pollLogEvidence(1, 1, 0.5, r));
    expect(Math.exp(test.evidence().logMixture)).toBeCloseTo((e(2) + e(4)) / 2, 10);
  });

  it('tests against the margin: alternatives are multiples of it', () => {
    const test = new SequentialHarmTest({ margin: 1.5, ratios: [2] });
    test.observe(3, 100, 5, 300);
    expect(test.evidence().logMixture).toBeCloseTo(pollLogEvidence(3, 5, 0.25, 3, 1.5), 12);
    expect(test.evidence().likeliestRatio).toBe(3);
  });

  it('ignores polls with no events or an empty arm', () => {
    const test = new SequentialHarmTest();
    test.observe(0, 100, 0, 900);
    test.observe(5, 0, 0, 900);
    expect(test.evidence().logMixture).toBe(0);
  });

  it('caps what one poll adds', () => {
    const capped = new SequentialHarmTest({ ratios: [3], maxPollLogEvidence: 0.5 });
    capped.observe(60, 100, 40, 900);
    expect(capped.evidence().logMixture).toBe(0.5);
  });

  it('gives a lower bound for the ratio that covers the truth and rises with the effect', () => {
    const test = new SequentialHarmTest();
    // 40 polls where the canary (10 % of requests) has 3x the baseline's rate, no noise.
    for (let i = 0; i < 40; i++) test.observe(3, 100, 9, 900);
    const bound = test.ratioLowerBound(Math.log(40));
    expect(bound).toBeGreaterThan(1.5);
    expect(bound).toBeLessThan(3);
    const none = new SequentialHarmTest({ margin: 1.1 });
    for (let i = 0; i < 40; i++) none.observe(1, 100, 9, 900);
    expect(none.ratioLowerBound(Math.log(40))).toBe(1.1);
  });
});
