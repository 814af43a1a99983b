import { describe, expect, it } from 'vitest';
import type { LoadResult } from './load-burst';
import { latencyStats } from './percentiles';
import { evaluateThresholds, parseThreshold, parseThresholdList } from './thresholds';

describe('thresholds', () => {
  it('parses k6-style limits into fractions, milliseconds and requests per second', () => {
    expect(parseThreshold('error-rate<0.5%')).toEqual({ expression: 'error-rate<0.5%', metric: 'error-rate', operator: '<', limit: 0.005 });
    expect(parseThreshold(' p99 < 200ms ')).toMatchObject({ expression: 'p99<200ms', limit: 200 });
    expect(parseThreshold('p95<=1.5s')).toMatchObject({ operator: '<=', limit: 1500 });
    expect(parseThreshold('avg<120')).toMatchObject({ limit: 120 }); // bare number: ms, as in k6
    expect(parseThreshold('rate>50/s')).toMatchObject({ expression: 'rate>50/s', limit: 50 });
    expect(parseThresholdList('error-rate<1%, p99<200ms\nmax<1s')).toHaveLength(3);
  });

  it('explains a malformed limit', () => {
    expect(parseThreshold('p99 under 200ms')).toMatch(/^'p99 under 200ms' is not a limit like/);
    expect(parseThreshold('p98<200ms')).toContain("unknown metric 'p98'");
    expect(parseThreshold('constructor<5ms')).toContain("unknown metric 'constructor'");
    expect(parseThreshold('error-rate<5')).toContain('error-rate needs a percentage');
    expect(parseThreshold('p99<fast')).toContain('p99 needs a duration');
    expect(parseThresholdList('p99<200ms, rate>many')).toContain('rate needs requests per second');
  });

  it('judges a load result, including a burst with no answers at all', () => {
    const latency = latencyStats(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    const load: LoadResult = { requests: 100, errors: 1, errorRate: 0.01, outcomes: {}, durationMs: 1000, requestsPerSecond: 100, latency };
    const verdicts = evaluateThresholds(parseThresholdList('error-rate<0.5%, p99<=99ms, p95<95ms, avg<51ms, max<100ms, rate>=100') as never, load);
    expect(verdicts.map((v) => [v.expression, v.passed, v.actual])).toEqual([
      ['error-rate<0.5%', false, '1%'],
      ['p99<=99ms', true, '99ms'],
      ['p95<95ms', false, '95ms'],
      ['avg<51ms', true, '50.5ms'],
      ['max<100ms', false, '100ms'],
      ['rate>=100/s', true, '100.0/s'],
    ]);
    const silent = evaluateThresholds(parseThresholdList('p99<1s') as never, { ...load, latency: undefined });
    expect(silent).toEqual([{ expression: 'p99<1.0s', passed: false, actual: 'no answers' }]);
  });
});

describe('latencyStats', () => {
  it('gives exact nearest-rank percentiles over every sample', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000..1
    const stats = latencyStats(values);
    expect(stats).toEqual({ count: 1000, minMs: 1, avgMs: 500.5, p50Ms: 500, p90Ms: 900, p95Ms: 950, p99Ms: 990, maxMs: 1000 });
    expect(values[0]).toBe(1000); // the caller's array is not sorted in place
    expect(latencyStats(new Float64Array(0))).toBeUndefined();
    expect(latencyStats(Float64Array.of(7))?.p99Ms).toBe(7);
  });
});
