import type { DeploymentRecords } from '@shipgate/records';
import { changeFailureRateBand, deploymentFrequencyBand, leadTimeBand, recoveryTimeBand, type Band } from './bands';
import { classifyDeployments, isChange, isChangeFailure, isFinished, type ClassifiedDeployment } from './classify';
import { leadTimes, type LeadTimes } from './lead-time';
import { nearestRank } from './nearest-rank';
import { weeklyFigures, type WeekFigures } from './weekly';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface DeliveryMetrics {
  environment: string;
  window: { since: string; until: string; days: number };
  counts: {
    /** Change deployments (deploy + canary) with an outcome: the denominator of the rates. */
    deployments: number;
    succeeded: number;
    rolledBack: number;
    failed: number;
    aborted: number;
    /** In progress or left open: counted nowhere. */
    unfinished: number;
    /** Rollback records (restores). */
    rollbacks: number;
    notShipgate: number;
    transient: number;
  };
  deploymentFrequency: { perDay: number; perWeek: number; band: Band };
  leadTime: { medianHours?: number; p90Hours?: number; band?: Band } & Omit<LeadTimes, 'samples'> & { changes: number };
  changeFailureRate: { rate?: number; failures: number; band?: Band };
  recoveryTime: { medianHours?: number; recoveries: number; unrecovered: number; band?: Band };
  rollbackFrequency: { perWeek: number };
  deploymentSuccessRate: { rate?: number; reachedSuccess: number };
  weeks: WeekFigures[];
}

export interface DeliveryQuery {
  environment: string;
  sinceMs: number;
  now: Date;
}

/**
 * Reads an environment's deployments in the window (newest first, stopping at its start) and
 * computes the DORA figures. Calls: one page of deployments per 100, one compare per successful
 * change deployment — proportional to the window, never to the repository's history.
 */
export async function measureDelivery(records: Pick<DeploymentRecords, 'listDeploymentsSince' | 'compareCommits'>, query: DeliveryQuery): Promise<DeliveryMetrics> {
  const endMs = query.now.getTime();
  const startMs = endMs - query.sinceMs;
  const listed = await records.listDeploymentsSince(query.environment, new Date(startMs));
  const classified = classifyDeployments(listed);
  const inWindow = classified.deployments.filter((d) => d.createdAtMs >= startMs && d.createdAtMs <= endMs);
  const before = classified.deployments.filter((d) => d.createdAtMs < startMs && isChange(d) && d.outcome === 'succeeded').at(-1);
  const successes = inWindow.filter((d) => isChange(d) && d.outcome === 'succeeded');
  const lead = await leadTimes(successes, before, (base, head) => records.compareCommits(base, head));
  return summariseDelivery(query.environment, { startMs, endMs }, inWindow, lead, { notShipgate: classified.notShipgate, transient: classified.transient });
}

/** The figures from classified records (oldest first) and their lead times; no I/O. */
export function summariseDelivery(
  environment: string,
  window: { startMs: number; endMs: number },
  inWindow: readonly ClassifiedDeployment[],
  lead: LeadTimes,
  ignored: { notShipgate: number; transient: number },
): DeliveryMetrics {
  const days = (window.endMs - window.startMs) / DAY_MS;
  const changes = inWindow.filter((d) => isChange(d) && isFinished(d));
  const count = (outcome: ClassifiedDeployment['outcome']) => changes.filter((d) => d.outcome === outcome).length;
  const succeeded = count('succeeded');
  const failures = changes.filter(isChangeFailure);
  const rollbacks = inWindow.filter((d) => d.kind === 'rollback').length;

  const perDay = succeeded / days;
  const leadHours = lead.samples.map((s) => s.hours);
  const leadMedian = nearestRank(leadHours, 50);
  const rate = changes.length > 0 ? failures.length / changes.length : undefined;
  const recovery = recoveryHours(inWindow, failures);
  const recoveryMedian = nearestRank(recovery.hours, 50);
  const reachedSuccess = changes.filter((d) => d.successAtMs !== undefined).length;
  const { samples: _samples, ...leadCounts } = lead;

  return {
    environment,
    window: { since: new Date(window.startMs).toISOString(), until: new Date(window.endMs).toISOString(), days },
    counts: {
      deployments: changes.length,
      succeeded,
      rolledBack: count('rolled-back'),
      failed: count('failed'),
      aborted: count('aborted'),
      unfinished: inWindow.filter((d) => !isFinished(d)).length,
      rollbacks,
      ...ignored,
    },
    deploymentFrequency: { perDay, perWeek: perDay * 7, band: deploymentFrequencyBand(perDay) },
    leadTime: {
      ...(leadMedian === undefined ? {} : { medianHours: leadMedian, p90Hours: nearestRank(leadHours, 90) as number, band: leadTimeBand(leadMedian) }),
      changes: lead.samples.length,
      ...leadCounts,
    },
    changeFailureRate: { ...(rate === undefined ? {} : { rate, band: changeFailureRateBand(rate) }), failures: failures.length },
    recoveryTime: {
      ...(recoveryMedian === undefined ? {} : { medianHours: recoveryMedian, band: recoveryTimeBand(recoveryMedian) }),
      recoveries: recovery.hours.length,
      unrecovered: recovery.unrecovered,
    },
    rollbackFrequency: { perWeek: rollbacks / (days / 7) },
    deploymentSuccessRate: { ...(changes.length > 0 ? { rate: reachedSuccess / changes.length } : {}), reachedSuccess },
    weeks: weeklyFigures(window, changes),
  };
}

/**
 * Failed deployment recovery time: from a failed, aborted or rolled-back change deployment's
 * creation (when the bad change began to reach users) to the first `success` of the next
 * deployment created after it that succeeded — a rollback's restore, or a fix. A failure with
 * no good deployment after it yet is unrecovered, counted apart.
 */
function recoveryHours(inWindow: readonly ClassifiedDeployment[], failures: readonly ClassifiedDeployment[]): { hours: number[]; unrecovered: number } {
  const hours: number[] = [];
  let unrecovered = 0;
  for (const failure of failures) {
    const next = inWindow.find((d) => d.createdAtMs > failure.createdAtMs && d.outcome === 'succeeded');
    if (next?.successAtMs === undefined) unrecovered++;
    else hours.push((next.successAtMs - failure.createdAtMs) / HOUR_MS);
  }
  return { hours, unrecovered };
}
