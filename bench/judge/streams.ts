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
  /** Errors come in clusters of 1 + Poisson(2) (mean 3) instead of one by one. */
  clustered: boolean;
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

export function simulate(scenario: Scenario, random: Random): Stream {
  const errors = new Int32Array(totalPolls * 2);
  const requests = new Int32Array(totalPolls * 2);
  const buckets = new Int32Array(totalPolls * 2 * bucketCount);
  const preRollout = new Int32Array(bucketCount);
  const stable = bucketProbabilities(1);
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
      const probs = bucketProbabilities(latencyFactor);
      const base = (poll * 2 + arm) * bucketCount;
      let n = 0;
      for (let b = 0; b < bucketCount; b++) {
        const c = random.poisson(meanRequests * probs[b]!);
        buckets[base + b] = c;
        n += c;
      }
      let e: number;
      if (scenario.clustered) {
        const clusters = random.poisson((meanRequests * errorRate) / 3);
        e = clusters + random.poisson(2 * clusters);
      } else {
        e = random.poisson(meanRequests * errorRate);
      }
      requests[poll * 2 + arm] = n;
      errors[poll * 2 + arm] = Math.min(e, n);
    }
  }
  return { errors, requests, buckets, preRollout };
}
