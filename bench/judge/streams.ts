import { bucketBoundsMs, bucketCount } from './histogram';
import { Random, normalCdf } from './random';

/** Rollout shape shared by every method: 10/25/50 % for 15 minutes each, polled every 10 s. */
export const pollSeconds = 10;
export const stepWeights: readonly number[] = [0.1, 0.25, 0.5];
export const pollsPerStep = 90; // 15 minutes: a step per run of a 15-minute scheduled workflow
export const totalPolls = stepWeights.length * pollsPerStep;
const preRolloutSeconds = 300;

/** Lognormal latency of the stable version: median 120 ms, σ 0.5 (p90 228 ms, p99 384 ms). */
const latencyMedianMs = 120;
const latencySigma = 0.5;

export interface Scenario {
  rps: number;
  baselineErrorRate: number;
  /** Canary error rate = baseline × this. */
  errorFactor: number;
  /** Canary latency = baseline latency × this (so its p99 rises by the same factor). */
  latencyFactor: number;
  /** A shared 5-minute incident: both arms ×10 errors and ×1.5 latency. */
  incident: boolean;
  /** Errors come in clusters of 1 + Poisson(mean − 1) in both arms; 1 = one by one. */
  errorClusterMean: number;
  /** Requests slower than 125 ms (the upper half) come in clusters of 1 + Poisson(mean − 1) in both arms; 1 = one by one. */
  slowClusterMean: number;
  /**
   * The canary serves a slightly heavier request mix with the same code speed: a few more of
   * its requests are of the naturally slow kind (drawn from the stable version's upper half),
   * so 9 % more of them cross any latency cut at or above 125 ms — within the default margin.
   */
  heavierMix: boolean;
  /** The router sends ±20 % more or less than the configured canary weight. */
  splitSkew: boolean;
}

/** One trial's data: per poll and arm, errors and latency bucket counts (requests = their sum). */
export interface Stream {
  /** [poll][arm 0 canary | 1 baseline]: errors */
  errors: Int32Array;
  requests: Int32Array;
  /** [poll][arm][bucket] */
  buckets: Int32Array;
  /** Bucket counts of the stable version over 5 minutes before the rollout (for the cuts). */
  preRollout: Int32Array;
}

const probabilityCache = new Map<number, Float64Array>();

/** Probability of each histogram bucket for latency scaled by `factor`. */
function bucketProbabilities(factor: number): Float64Array {
  const cached = probabilityCache.get(factor);
  if (cached) return cached;
  const probs = new Float64Array(bucketCount);
  let previous = 0;
  for (let i = 0; i < bucketBoundsMs.length; i++) {
    const cdf = normalCdf(Math.log(bucketBoundsMs[i]! / (latencyMedianMs * factor)) / latencySigma);
    probs[i] = cdf - previous;
    previous = cdf;
  }
  probs[bucketCount - 1] = 1 - previous;
  probabilityCache.set(factor, probs);
  return probs;
}

/** Bucket index from which latency counts as the upper half (≥ 125 ms): where clusters and the heavier mix act. */
const upperHalfFrom = bucketBoundsMs.indexOf(125) + 1;
/** How much more often the heavier mix crosses a cut in the upper half. */
export const heavierMixSlowRatio = 1.09;

/** Stable latency with a share of requests drawn from its upper half, so that any cut ≥ 125 ms is crossed heavierMixSlowRatio times as often. */
function heavierMixProbabilities(): Float64Array {
  const stable = bucketProbabilities(1);
  let upper = 0;
  for (let b = upperHalfFrom; b < bucketCount; b++) upper += stable[b]!;
  // Survival above any cut x in the upper half becomes S(x)·(1 − w + w/upper).
  const w = (heavierMixSlowRatio - 1) / (1 / upper - 1);
  return stable.map((p, b) => (1 - w) * p + (b >= upperHalfFrom ? (w * p) / upper : 0));
}

/** A count with mean `mean` made of clusters of 1 + Poisson(clusterMean − 1) (plain Poisson for clusterMean 1). */
function clusteredCount(random: Random, mean: number, clusterMean: number): number {
  if (clusterMean === 1) return random.poisson(mean);
  const clusters = random.poisson(mean / clusterMean);
  return clusters + random.poisson((clusterMean - 1) * clusters);
}

export function simulate(scenario: Scenario, random: Random): Stream {
  const errors = new Int32Array(totalPolls * 2);
  const requests = new Int32Array(totalPolls * 2);
  const buckets = new Int32Array(totalPolls * 2 * bucketCount);
  const preRollout = new Int32Array(bucketCount);
  const stable = bucketProbabilities(1);
  const heavierMix = scenario.heavierMix ? heavierMixProbabilities() : stable;
  for (let b = 0; b < bucketCount; b++) preRollout[b] = random.poisson(scenario.rps * preRolloutSeconds * stable[b]!);

  const skew = scenario.splitSkew ? (random.uniform() < 0.5 ? 0.8 : 1.2) : 1;
  const incidentPolls = (5 * 60) / pollSeconds;
  const incidentStart = scenario.incident ? Math.floor(random.uniform() * (totalPolls - incidentPolls + 1)) : -1;

  for (let poll = 0; poll < totalPolls; poll++) {
    const weight = stepWeights[Math.floor(poll / pollsPerStep)]! * skew;
    const inIncident = scenario.incident && poll >= incidentStart && poll < incidentStart + incidentPolls;
    for (let arm = 0; arm < 2; arm++) {
      const meanRequests = scenario.rps * pollSeconds * (arm === 0 ? weight : 1 - weight);
      const latencyFactor = (arm === 0 ? scenario.latencyFactor : 1) * (inIncident ? 1.5 : 1);
      const errorRate = scenario.baselineErrorRate * (arm === 0 ? scenario.errorFactor : 1) * (inIncident ? 10 : 1);
      const probs = arm === 0 && scenario.heavierMix && !inIncident ? heavierMix : bucketProbabilities(latencyFactor);
      const base = (poll * 2 + arm) * bucketCount;
      let n = 0;
      for (let b = 0; b < bucketCount; b++) {
        const mean = meanRequests * probs[b]!;
        const c = b >= upperHalfFrom ? clusteredCount(random, mean, scenario.slowClusterMean) : random.poisson(mean);
        buckets[base + b] = c;
        n += c;
      }
      const e = clusteredCount(random, meanRequests * errorRate, scenario.errorClusterMean);
      requests[poll * 2 + arm] = n;
      errors[poll * 2 + arm] = Math.min(e, n);
    }
  }
  return { errors, requests, buckets, preRollout };
}
