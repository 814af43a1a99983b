import { describe, expect, it } from 'vitest';
import { invocationTag, parseProgressLine, progressLine } from './progress-line';

describe('progressLine', () => {
  const progress = { step: 2, steps: 4, weight: 25, since: '2026-11-23T13:00:00Z' };

  it('is the compact machine-readable line, then the judge’s sentence, within 140 characters', () => {
    expect(progressLine(progress)).toBe('shipgate canary step=2/4 weight=25 since=2026-11-23T13:00:00Z');
    const long = progressLine(progress, `no harm found: ${'x'.repeat(200)}`);
    expect(long).toHaveLength(140);
    expect(long.endsWith('…')).toBe(true);
    expect(parseProgressLine(long)).toEqual(progress);
  });

  it('reads back what it wrote, and nothing else', () => {
    expect(parseProgressLine(progressLine(progress, 'collecting evidence: 3 of 50'))).toEqual(progress);
    expect(parseProgressLine('shipgate: deploying v1')).toBeUndefined();
  });
});

describe('progress line evidence (mode: advance)', () => {
  const progress = { step: 3, steps: 4, weight: 50, since: '2026-11-23T13:20:00Z' };

  it('round-trips a poll’s counts and a claim, and the head always fits with the largest counts', () => {
    const big = { requests: 99_999_999, errors: 99_999_999, slow: 99_999_999, p99Ms: 99_999 };
    const withPoll = { ...progress, poll: { canary: big, baseline: { requests: 99_999_999, errors: 9, slow: 99_999_999 } } };
    const line = progressLine(withPoll, 'no harm found: canary error rate 0.2% vs 0.2% baseline, 1,200 canary requests this step');
    expect(line.length).toBeLessThanOrEqual(140);
    expect(parseProgressLine(line)).toEqual(withPoll);
    expect(parseProgressLine(progressLine({ ...progress, poll: { noData: true } }))).toEqual({ ...progress, poll: { noData: true } });
    expect(parseProgressLine(progressLine({ ...progress, claim: '4242-1' }))).toEqual({ ...progress, claim: '4242-1' });
    const by = invocationTag('98765432101-1');
    expect(by).toMatch(/^[0-9a-z]{7,8}$/);
    const byLine = progressLine({ ...withPoll, by }, 'no harm found');
    expect(byLine.length).toBeLessThanOrEqual(140);
    expect(parseProgressLine(byLine)).toEqual({ ...withPoll, by });
    expect(parseProgressLine(progressLine({ ...progress, poll: { canary: { requests: 5, errors: 0, slow: 1 } } }, 'x'))).toEqual({ ...progress, poll: { canary: { requests: 5, errors: 0, slow: 1 } } });
  });
});
