import { describe, expect, it } from 'vitest';
import { createJudge } from './judge';

/** Small seeded generator so the null-stream test is repeatable. */
function seeded(seed: number) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const poisson = (mean: number) => {
    // Knuth's product method, fine for the small means used here.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k += 1;
      p *= uniform();
    }
    return k;
  };
  return { uniform, poisson };
}

/** Events in clusters of 1 + Poisson(clusterMean − 1): retries, reloads, one bad pod answering several requests. */
function clustered(poisson: (mean: number) => number, mean: number, clusterMean: number): number {
  if (clusterMean === 1) return poisson(mean);
  const clusters = poisson(mean / clusterMean);
  let events = clusters;
  for (let i = 0; i < clusters; i++) events += poisson(clusterMean - 1);
  return events;
}

function rollout(seed: number, errorFactor: number, polls = 120, clusterMean = 1): { aborted: boolean; verdicts: string[] } {
  const { poisson } = seeded(seed);
  const judge = createJudge({ alpha: 0.05, harmMargin: 1 });
  const verdicts: string[] = [];
  for (let i = 0; i < polls; i++) {
    // A baseline rate that wanders (and spikes 10x for a while) must not matter.
    const rate = 0.01 * (i >= 40 && i < 50 ? 10 : 1) * (1 + 0.5 * Math.sin(i / 7));
    const share = i < 40 ? 0.1 : 0.3;
    const canary = { requests: Math.round(1000 * share), errors: 0, slow: 0 };
    const baseline = { requests: 1000 - canary.requests, errors: 0, slow: 0 };
    canary.errors = Math.min(canary.requests, clustered(poisson, canary.requests * rate * errorFactor, clusterMean));
    baseline.errors = Math.min(baseline.requests, clustered(poisson, baseline.requests * rate, clusterMean));
    canary.slow = poisson(canary.requests * 0.01);
    baseline.slow = poisson(baseline.requests * 0.01);
    const j = judge.observe({ canary, baseline, step: i < 40 ? 1 : 2 });
    verdicts.push(j.verdict);
    if (j.verdict === 'abort') return { aborted: true, verdicts };
  }
  return { aborted: false, verdicts };
}

describe('createJudge', () => {
  it('keeps false aborts under alpha on null streams whose baseline rate moves', () => {
    let aborts = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) if (rollout(t + 1, 1).aborted) aborts += 1;
    expect(aborts / trials).toBeLessThanOrEqual(0.05);
  });

  it('keeps false aborts under alpha when errors come in clusters of mean 3 in both arms', () => {
    let aborts = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) if (rollout(t + 1, 1, 120, 3).aborted) aborts += 1;
    expect(aborts / trials).toBeLessThanOrEqual(0.05);
  });

  it('aborts a canary with twice the error rate', () => {
    let aborts = 0;
    for (let t = 0; t < 50; t++) if (rollout(t + 1, 2).aborted) aborts += 1;
    expect(aborts).toBeGreaterThanOrEqual(48);
  });

  it('says why it aborts, with rates and the canary request count', () => {
    const judge = createJudge();
    const bad = { canary: { requests: 1000, errors: 30, slow: 0 }, baseline: { requests: 9000, errors: 45, slow: 0 } };
    expect(judge.observe(bad).verdict).toBe('continue');
    expect(judge.observe(bad).verdict).toBe('continue');
    const last = judge.observe(bad);
    expect(last.verdict).toBe('abort');
    expect(last.reason).toMatch(/^canary error rate is at least \d+(\.\d+)?x baseline \(3% vs 0\.5%\), 3,000 canary requests$/);
  });

  it('refuses observe() after an abort, naming the poll and why', () => {
    const judge = createJudge();
    const bad = { canary: { requests: 1000, errors: 30, slow: 0 }, baseline: { requests: 9000, errors: 45, slow: 0 } };
    judge.observe(bad);
    judge.observe(bad);
    expect(judge.observe(bad).verdict).toBe('abort');
    expect(() => judge.observe(bad)).toThrow(/^the judge aborted at poll 3 \(canary error rate is at least .*\); observe\(\) after an abort is refused$/);
  });

  it('gives the same judgements when the same polls are replayed into a fresh judge', () => {
    const polls = Array.from({ length: 30 }, (_, i) => ({
      step: i < 15 ? 1 : 2,
      canary: { requests: 100 + i, errors: i % 4, slow: (i * 7) % 11 },
      baseline: { requests: 900 - i, errors: (i * 3) % 7, slow: (i * 5) % 40 },
    }));
    const run = () => {
      const judge = createJudge({ minRequests: 200 });
      const judgements = [];
      for (const poll of polls) {
        judgements.push(judge.observe(poll));
        if (judgements.at(-1)!.verdict === 'abort') break;
      }
      return judgements;
    };
    const first = run();
    expect(first.map((j) => j.verdict)).toContain('abort');
    expect(run()).toEqual(first);
  });

  it('does not abort a canary within the harm margin, and does with margin 1', () => {
    // Noise-free: the canary's slow rate is 1.08x the baseline's, over many events.
    const poll = { canary: { requests: 1000, errors: 0, slow: 108 }, baseline: { requests: 1000, errors: 0, slow: 100 } };
    const within = createJudge();
    const strict = createJudge({ harmMargin: 1 });
    let strictVerdict = '';
    for (let i = 0; i < 200; i++) {
      expect(within.observe(poll).verdict).not.toBe('abort');
      if (strictVerdict !== 'abort') strictVerdict = strict.observe(poll).verdict;
    }
    expect(strictVerdict).toBe('abort');
  });

  it('continues until a step has min requests, then advances; a new step starts counting again', () => {
    const judge = createJudge({ minRequests: 300 });
    const poll = (step: number) => judge.observe({ step, canary: { requests: 200, errors: 1, slow: 2 }, baseline: { requests: 1800, errors: 9, slow: 18 } });
    expect(poll(1).verdict).toBe('continue');
    const second = poll(1);
    expect(second.verdict).toBe('advance');
    expect(second.reason).toContain('no harm found');
    expect(poll(2).verdict).toBe('continue');
  });

  it('applies absolute thresholds with no baseline, only after min requests', () => {
    const judge = createJudge({ maxErrorRate: 0.01, minRequests: 200 });
    expect(judge.observe({ canary: { requests: 100, errors: 5, slow: 0 } }).verdict).toBe('continue');
    const j = judge.observe({ canary: { requests: 100, errors: 0, slow: 0 } });
    expect(j.verdict).toBe('abort');
    expect(j.reason).toBe('canary error rate 2.5% is above the limit 1%, 200 canary requests this step');
  });

  it('applies a p99 limit', () => {
    const judge = createJudge({ maxP99Ms: 500, minRequests: 0 });
    expect(judge.observe({ canary: { requests: 100, errors: 0, slow: 0, p99Ms: 420 } }).verdict).toBe('advance');
    expect(judge.observe({ canary: { requests: 100, errors: 0, slow: 0, p99Ms: 640 } }).reason).toBe('canary p99 640 ms is above the limit 500 ms');
  });

  it('refuses impossible counts and options with a message naming them', () => {
    const judge = createJudge();
    expect(() => judge.observe({ canary: { requests: 5, errors: 6, slow: 0 } })).toThrow('canary.errors (6) cannot exceed canary.requests (5)');
    expect(() => judge.observe({ canary: { requests: 1.5, errors: 0, slow: 0 } })).toThrow('canary.requests must be a whole number');
    expect(() => createJudge({ alpha: 1 })).toThrow('alpha must be between 0 and 1');
    expect(() => createJudge({ harmMargin: 0.9 })).toThrow('harmMargin must be a ratio from 1 to 10');
  });
});

describe('advance is withheld from a suspect canary', () => {
  it('keeps watching, not advancing, after one poll that points to harm', () => {
    const judge = createJudge({ alpha: 0.05, minRequests: 500 });
    const first = judge.observe({ canary: { requests: 1000, errors: 30, slow: 10 }, baseline: { requests: 9000, errors: 45, slow: 90 } });
    expect(first.verdict).toBe('continue');
    expect(first.reason).toContain('watching: canary error rate 3% vs 0.5% baseline');
    const second = judge.observe({ canary: { requests: 1000, errors: 30, slow: 10 }, baseline: { requests: 9000, errors: 45, slow: 90 } });
    expect(second.verdict).toBe('continue');
    expect(judge.observe({ canary: { requests: 1000, errors: 30, slow: 10 }, baseline: { requests: 9000, errors: 45, slow: 90 } }).verdict).toBe('abort');
  });

  it('advances a healthy canary once the step has its requests', () => {
    const judge = createJudge({ alpha: 0.05, minRequests: 500 });
    const verdict = judge.observe({ canary: { requests: 1000, errors: 5, slow: 10 }, baseline: { requests: 9000, errors: 45, slow: 90 } });
    expect(verdict.verdict).toBe('advance');
  });
});
