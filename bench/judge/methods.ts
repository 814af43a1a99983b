import { createJudge, eventShare, type JudgeOptions } from '@shipgate/analysis';
import { bucketCount, histogramQuantile, slowBucketIndex } from './histogram';
import { mannWhitneyShift } from './mann-whitney';
import { pollsPerStep, totalPolls, type Scenario, type Stream } from './streams';

/** A method judges a whole stream and returns the poll index it aborted at, or -1. */
export type Method = (stream: Stream, scenario: Scenario) => number;

const pollsPerMinute = 6;

function sumBuckets(stream: Stream, arm: number, fromPoll: number, toPoll: number, into: Float64Array): void {
  into.fill(0);
  for (let p = fromPoll; p < toPoll; p++) {
    const base = (p * 2 + arm) * bucketCount;
    for (let b = 0; b < bucketCount; b++) into[b]! += stream.buckets[base + b]!;
  }
}

function slowCount(stream: Stream, poll: number, arm: number, fromBucket: number): number {
  const base = (poll * 2 + arm) * bucketCount;
  let s = 0;
  for (let b = fromBucket; b < bucketCount; b++) s += stream.buckets[base + b]!;
  return s;
}

/** shipgate's judge, with "slow" meaning slower than the stable version's pre-rollout p90 (or p99). */
export function shipgate(cutQuantile: number, options: JudgeOptions = {}): Method {
  return (stream) => {
    const judge = createJudge({ alpha: 0.05, ...options });
    const fromBucket = slowBucketIndex(histogramQuantile(cutQuantile, stream.preRollout));
    for (let p = 0; p < totalPolls; p++) {
      const arm = (a: number) => ({
        requests: stream.requests[p * 2 + a]!,
        errors: stream.errors[p * 2 + a]!,
        slow: slowCount(stream, p, a, fromBucket),
      });
      const judgement = judge.observe({ canary: arm(0), baseline: arm(1), step: Math.floor(p / pollsPerStep) + 1 });
      if (judgement.verdict === 'abort') return p;
    }
    return -1;
  };
}

/**
 * The power yardstick: Wald's sequential probability ratio test on the errors alone that knows
 * the canary's true error ratio r (2 when the cell has no error regression) and that events are
 * independent — the binomial likelihood ratio of r against 1 on each poll's events — aborting
 * at 1/alpha with all of alpha = 0.05. No test that does not know r can do better on average.
 */
export const oracleSprt: Method = (stream, scenario) => {
  const r = scenario.errorFactor > 1 ? scenario.errorFactor : 2;
  const level = Math.log(1 / 0.05);
  let logRatio = 0;
  for (let p = 0; p < totalPolls; p++) {
    const nc = stream.requests[p * 2]!;
    const nb = stream.requests[p * 2 + 1]!;
    const c = stream.errors[p * 2]!;
    const b = stream.errors[p * 2 + 1]!;
    if (nc === 0 || nb === 0 || c + b === 0) continue;
    const share = nc / (nc + nb);
    const q = eventShare(share, r);
    logRatio += c * Math.log(q / share) + b * Math.log((1 - q) / (1 - share));
    if (logRatio >= level) return p;
  }
  return -1;
};

interface MinuteCheck {
  canaryErrorRate: number;
  baselineErrorRate: number;
  canaryP99: number;
  baselineP99: number;
}

/** Flagger's analysis loop: a check each minute over that minute; `failureLimit` failed checks roll back. */
function minuteChecks(fails: (check: MinuteCheck) => boolean, failureLimit = 5): Method {
  const canaryHist = new Float64Array(bucketCount);
  const baselineHist = new Float64Array(bucketCount);
  return (stream) => {
    let failed = 0;
    for (let end = pollsPerMinute; end <= totalPolls; end += pollsPerMinute) {
      let ce = 0;
      let cr = 0;
      let be = 0;
      let br = 0;
      for (let p = end - pollsPerMinute; p < end; p++) {
        ce += stream.errors[p * 2]!;
        cr += stream.requests[p * 2]!;
        be += stream.errors[p * 2 + 1]!;
        br += stream.requests[p * 2 + 1]!;
      }
      sumBuckets(stream, 0, end - pollsPerMinute, end, canaryHist);
      sumBuckets(stream, 1, end - pollsPerMinute, end, baselineHist);
      const check = {
        canaryErrorRate: cr > 0 ? ce / cr : Number.NaN,
        baselineErrorRate: br > 0 ? be / br : Number.NaN,
        canaryP99: histogramQuantile(0.99, canaryHist),
        baselineP99: histogramQuantile(0.99, baselineHist),
      };
      // A check with no data counts as failed, as Flagger treats a metric query that returns nothing.
      if (Number.isNaN(check.canaryErrorRate) || fails(check)) failed += 1;
      if (failed >= failureLimit) return end - 1;
    }
    return -1;
  };
}

/** Flagger defaults: request-success-rate ≥ 99 % and request-duration p99 ≤ 500 ms, threshold 5. */
export const flaggerDefaults: Method = minuteChecks((c) => c.canaryErrorRate > 0.01 || c.canaryP99 > 500);

/** The same loop with limits relative to the baseline's same minute. */
export const tunedThresholds: Method = minuteChecks(
  (c) => c.canaryErrorRate > 1.5 * c.baselineErrorRate || c.canaryP99 > 1.25 * c.baselineP99,
);

/** Kayenta's IQR outlier filter (factor 3); with a zero IQR nothing is dropped. */
function removeOutliers(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number) => {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  };
  const q1 = quantile(0.25);
  const q3 = quantile(0.75);
  const iqr = q3 - q1;
  if (iqr === 0) return values;
  return values.filter((v) => v >= q1 - 3 * iqr && v <= q3 + 3 * iqr);
}

/**
 * Kayenta's NetflixACAJudge classifier for a metric whose increase is bad: High when the lower end
 * of the 98 % Mann-Whitney interval for (canary − baseline) exceeds tolerance × |estimate|.
 */
function kayentaHigh(canary: number[], baseline: number[]): boolean {
  const x = removeOutliers(canary.filter((v) => !Number.isNaN(v)));
  const y = removeOutliers(baseline.filter((v) => !Number.isNaN(v)));
  if (x.length === 0 || y.length === 0) return false;
  const sx = [...x].sort((a, b) => a - b);
  const sy = [...y].sort((a, b) => a - b);
  if (sx.length === sy.length && sx.every((v, i) => v === sy[i])) return false;
  if (new Set([...x, ...y]).size === 1) return false;
  const shift = mannWhitneyShift(x, y, 0.98);
  return shift.lower > 0.25 * Math.abs(shift.estimate);
}

/**
 * Kayenta-style: at each step's end, per-10 s series of error rate and p99 for canary and
 * baseline over that step; with two equally weighted metrics, one High scores 50 < 75 (the
 * default marginal) and fails the step.
 */
export const kayenta: Method = (stream) => {
  const hist = new Float64Array(bucketCount);
  for (let stepEnd = pollsPerStep; stepEnd <= totalPolls; stepEnd += pollsPerStep) {
    const series = [0, 1].map((arm) => {
      const errorRate: number[] = [];
      const p99: number[] = [];
      for (let p = stepEnd - pollsPerStep; p < stepEnd; p++) {
        const r = stream.requests[p * 2 + arm]!;
        errorRate.push(r > 0 ? stream.errors[p * 2 + arm]! / r : Number.NaN);
        sumBuckets(stream, arm, p, p + 1, hist);
        p99.push(histogramQuantile(0.99, hist));
      }
      return { errorRate, p99 };
    });
    const [c, b] = series as [(typeof series)[0], (typeof series)[0]];
    if (kayentaHigh(c.errorRate, b.errorRate) || kayentaHigh(c.p99, b.p99)) return stepEnd - 1;
  }
  return -1;
};
