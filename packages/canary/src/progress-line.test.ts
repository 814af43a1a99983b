import { describe, expect, it } from 'vitest';
import { parseProgressLine, progressLine } from './progress-line';

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
