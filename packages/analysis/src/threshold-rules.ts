import { formatPercentage } from '@shipgate/core';
import type { Counts } from './counts';
import { formatCount } from './number-format';

/**
 * Argo/Flagger-style absolute limits on the canary alone, for rollouts with no baseline to
 * compare with. They are plain rules, not tests: they sit outside the alpha budget, and they only
 * speak once the step has `minRequests` canary requests, so one unlucky error among the first
 * few requests cannot abort a rollout.
 */
export interface ThresholdOptions {
  /** Abort when the canary's error rate over the current step exceeds this fraction. */
  maxErrorRate?: number;
  /** Abort when a poll's canary p99 exceeds this many milliseconds. */
  maxP99Ms?: number;
  minRequests: number;
}

/** Returns the reason to abort, or undefined when every rule holds (or cannot speak yet). */
export function brokenThreshold(step: Counts, latest: Counts, options: ThresholdOptions): string | undefined {
  if (step.requests < options.minRequests) return undefined;
  if (options.maxErrorRate !== undefined) {
    const rate = step.errors / step.requests;
    if (rate > options.maxErrorRate) {
      return `canary error rate ${formatPercentage(rate)} is above the limit ${formatPercentage(options.maxErrorRate)}, ${formatCount(step.requests)} canary requests this step`;
    }
  }
  if (options.maxP99Ms !== undefined && latest.p99Ms !== undefined && latest.p99Ms > options.maxP99Ms) {
    return `canary p99 ${Math.round(latest.p99Ms)} ms is above the limit ${options.maxP99Ms} ms`;
  }
  return undefined;
}
