import { describe, expect, it } from 'vitest';
import { SequentialHarmTest, eventShare, logMeanExp, pollLogLikelihoodRatio } from './harm-test';

describe('pollLogLikelihoodRatio', () => {
  it('matches a binomial likelihood ratio worked by hand', () => {
    // p = 0.5, r = 3 → q = 0.75; 3 of 4 events on the canary: (0.75/0.5)^3 (0.25/0.5)^1 = 1.6875
    expect(eventShare(0.5, 3)).toBeCloseTo(0.75, 12);
    expect(Math.exp(pollLogLikelihoodRatio(3, 1, 0.5, 3))).toBeCloseTo(1.6875, 12);
    // p = 0.1, r = 2 → q = 0.2/1.1; 2 canary, 8 baseline events
    const q = 0.2 / 1.1;
    expect(pollLogLikelihoodRatio(2, 8, 0.1, 2)).toBeCloseTo(2 * Math.log(q / 0.1) + 8 * Math.log((1 - q) / 0.9), 12);
  });

  it('has expectation exactly 1 under no harm (sum over the binomial distribution)', () => {
    const total = 12;
    const p = 0.25;
    let expectation = 0;
    let logChoose = 0;
    for (let x = 0; x <= total; x++) {
      if (x > 0) logChoose += Math.log((total - x + 1) / x);
      const prob = Math.exp(logChoose + x * Math.log(p) + (total - x) * Math.log(1 - p));
      expectation += prob * Math.exp(pollLogLikelihoodRatio(x, total - x, p, 5));
    }
    expect(expectation).toBeCloseTo(1, 10);
  });

  it('is relative to the null ratio when one is given', () => {
    expect(pollLogLikelihoodRatio(4, 6, 0.2, 2, 2)).toBe(0);
  });
});

describe('logMeanExp', () => {
  it('averages likelihood ratios without overflow', () => {
    expect(logMeanExp([Math.log(2), Math.log(4)])).toBeCloseTo(Math.log(3), 12);
    expect(logMeanExp([1000, 1000])).toBeCloseTo(1000, 9);
  });
});

describe('SequentialHarmTest', () => {
  it('accumulates the mixture of per-ratio likelihood ratios across polls', () => {
    const test = new SequentialHarmTest([2, 4]);
    test.observe(3, 100, 5, 300); // share 0.25
    test.observe(1, 100, 1, 100); // share 0.5
    const lr = (r: number) => Math.exp(pollLogLikelihoodRatio(3, 5, 0.25, r) + pollLogLikelihoodRatio(1, 1, 0.5, r));
    expect(Math.exp(test.evidence().logMixture)).toBeCloseTo((lr(2) + lr(4)) / 2, 10);
  });

  it('ignores polls with no events or an empty arm', () => {
    const test = new SequentialHarmTest();
    test.observe(0, 100, 0, 900);
    test.observe(5, 0, 0, 900);
    expect(test.evidence().logMixture).toBe(0);
  });

  it('tempers a poll by raising its likelihood ratio to 1/temper, and caps one poll', () => {
    const plain = new SequentialHarmTest([3]);
    const tempered = new SequentialHarmTest([3]);
    const capped = new SequentialHarmTest([3], 0.5);
    plain.observe(6, 100, 4, 900);
    tempered.observe(6, 100, 4, 900, 3);
    capped.observe(6, 100, 4, 900);
    expect(tempered.evidence().logMixture).toBeCloseTo(plain.evidence().logMixture / 3, 12);
    expect(capped.evidence().logMixture).toBe(0.5);
  });

  it('gives a lower bound for the ratio that covers the truth and rises with the effect', () => {
    const test = new SequentialHarmTest();
    // 40 polls where the canary (10 % of requests) has 3x the baseline's rate, no noise.
    for (let i = 0; i < 40; i++) test.observe(3, 100, 9, 900);
    const bound = test.ratioLowerBound(Math.log(40));
    expect(bound).toBeGreaterThan(1.5);
    expect(bound).toBeLessThan(3);
    const none = new SequentialHarmTest();
    for (let i = 0; i < 40; i++) none.observe(1, 100, 9, 900);
    expect(none.ratioLowerBound(Math.log(40))).toBe(1);
  });
});
