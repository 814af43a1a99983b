import type { Judge, Judgement, Poll } from '@shipgate/analysis';
import { formatDuration } from '@shipgate/core';
import { readingToPoll, type ArmReading, type MetricReading } from '@shipgate/metrics';
import type { ArmTotals, CanarySettings, PollPoint, StepRecord } from './rollout-types';

export type StepEnd = { kind: 'advance'; reason: string } | { kind: 'abort'; reason: string } | { kind: 'no-data'; reason: string } | { kind: 'wait' };

function addArm(totals: ArmTotals, arm: Pick<ArmReading, 'requests' | 'errors' | 'slow' | 'p99Ms'>): void {
  totals.requests += arm.requests;
  totals.errors += arm.errors;
  totals.slow += arm.slow;
  if (arm.p99Ms !== undefined) totals.worstP99Ms = Math.max(totals.worstP99Ms ?? 0, arm.p99Ms);
}

const rate = (events: number, requests: number) => (requests > 0 ? events / requests : undefined);

/** What a step has seen so far, for the decision after each poll. */
export interface StepWatch {
  record: StepRecord;
  last?: Judgement;
  lastNoData?: string;
}

/** The judge's poll for a reading (without the baseline when compare-baseline is false). */
export function pollOf(reading: Extract<MetricReading, { kind: 'data' }>, step: number, settings: Pick<CanarySettings, 'compareBaseline'>): Poll {
  const poll = readingToPoll(reading, step);
  if (!settings.compareBaseline) delete poll.baseline;
  return poll;
}

/**
 * Feeds one poll to the judge and the step's totals; returns the chart point. Both modes go
 * through here, so `advance` replaying recorded polls sees exactly what `run` saw.
 */
export function observe(judge: Judge, watch: StepWatch, poll: Poll | { noData: string }, atMs: number): PollPoint {
  const { record } = watch;
  record.polls += 1;
  const point: PollPoint = { atMs, step: record.step, weight: record.weight, verdict: 'no-data' };
  if ('noData' in poll) {
    record.noDataPolls += 1;
    watch.lastNoData = poll.noData;
    return point;
  }
  addArm(record.canary, poll.canary);
  if (poll.baseline) addArm(record.baseline, poll.baseline);
  watch.last = judge.observe(poll);
  point.verdict = watch.last.verdict;
  const canaryRate = rate(poll.canary.errors, poll.canary.requests);
  const baselineRate = poll.baseline ? rate(poll.baseline.errors, poll.baseline.requests) : undefined;
  if (canaryRate !== undefined) point.canaryErrorRate = canaryRate;
  if (baselineRate !== undefined) point.baselineErrorRate = baselineRate;
  return point;
}

/**
 * After a poll: abort on the judge's word; advance only once the pause is over, both arms have
 * `min-requests` and the judge says advance; past `max-step-wait` the step ends without a pass.
 */
export function stepDecision(watch: StepWatch, settings: CanarySettings, pauseMs: number, waitedMs: number): StepEnd {
  const { record, last } = watch;
  if (last?.verdict === 'abort') return { kind: 'abort', reason: last.reason };
  const enough = record.canary.requests >= settings.minRequests && (!settings.compareBaseline || record.baseline.requests >= settings.minRequests);
  if (waitedMs >= pauseMs && enough && last?.verdict === 'advance') return { kind: 'advance', reason: last.reason };
  if (waitedMs >= (settings.maxStepWaitMs ?? 3 * pauseMs)) {
    const counts = `${record.canary.requests} canary${settings.compareBaseline ? ` and ${record.baseline.requests} baseline` : ''} requests of the ${settings.minRequests} each arm needs`;
    const reason = !enough
      ? `not enough data after ${formatDuration(waitedMs)} at ${record.weight}%: ${counts}${watch.lastNoData ? ` (last no-data poll: ${watch.lastNoData})` : ''}`
      : `no verdict after ${formatDuration(waitedMs)} at ${record.weight}%: ${last?.reason ?? 'the judge had no data'}`;
    return { kind: 'no-data', reason };
  }
  return { kind: 'wait' };
}
