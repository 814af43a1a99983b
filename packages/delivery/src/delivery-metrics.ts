import type { DeploymentRecords } from '@shipgate/records';
import { changeFailureRateBand, deploymentFrequencyBand, leadTimeBand, recoveryTimeBand, type Band } from './bands';
import { classifyDeployments, isChange, isChangeFailure, hasVerdict, type ClassifiedDeployment } from './classify';
import { figure, OUTPUT_DECIMALS } from './figures';
import { LEAD_TIME_LIMITS, leadTimes, type LeadTimeLimits, type LeadTimes } from './lead-time';
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
    /** Stopped without a verdict (no data, cancelled): counted nowhere else. */
    stopped: number;
    /** Rollback records (restores). */
    rollbacks: number;
    notShipgate: number;
    transient: number;
  };
  deploymentFrequency: { perDay: number; perWeek: number; band: Band };
  leadTime: { medianHours?: number; p90Hours?: number; band?: Band } & Omit<LeadTimes, 'samples'> & { changes: number };
  changeFailureRate: { rate?: number; failures: number; band?: Band };
  recoveryTime: { medianHours?: number; recoveries: number; unrecovered: number; band?: Band };
  /**
   * Ends that were not a verdict on the change, by kind: `noData` and `cancelled` are the
   * `stopped` deployments (out of the change failure rate); `interrupted` ones (an `error`
   * mid-rollout: the job ended, GitHub or the router failed) failed to deploy and are counted
   * as failed or aborted.
   */
  stops: { noData: number; cancelled: number; interrupted: number };
  rollbackFrequency: { perWeek: number };
  deploymentSuccessRate: { rate?: number; reachedSuccess: number };
  weeks: WeekFigures[];
}

export interface DeliveryQuery {
  environment: string;
  sinceMs: number;
  now: Date;
  /** Bounds on the compare calls (max-comparisons input); LEAD_TIME_LIMITS by default. */
  limits?: Partial<LeadTimeLimits>;
}

/**
 * Reads an environment's deployments in the window (newest first, stopping at its start) and
 * computes the DORA figures. Calls: one page of deployments per 100 (up to BASE_SEARCH_PAGES more
 * to find the first base), one compare per successful change deployment up to `maxComparisons` —
 * proportional to the window, never to the repository's history.
 */
export async function measureDelivery(records: Pick<DeploymentRecords, 'listDeploymentsSince' | 'compareCommits'>, query: DeliveryQuery): Promise<DeliveryMetrics> {
  const endMs = query.now.getTime();
  const startMs = endMs - query.sinceMs;
  const listed = await records.listDeploymentsSince(query.environment, new Date(startMs));
  const classified = classifyDeployments(listed);
  const inWindow = classified.deployments.filter((d) => d.createdAtMs >= startMs && d.createdAtMs <= endMs);
  const before = classified.deployments.filter((d) => d.createdAtMs < startMs && isChange(d) && d.outcome === 'succeeded').at(-1);
  const successes = inWindow.filter((d) => isChange(d) && d.outcome === 'succeeded');
  const lead = await leadTimes(successes, before, (base, head) => records.compareCommits(base, head), { ...LEAD_TIME_LIMITS, ...query.limits });
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
  const changes = inWindow.filter((d) => isChange(d) && hasVerdict(d));
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
      unfinished: inWindow.filter((d) => d.outcome === 'unfinished').length,
      stopped: inWindow.filter((d) => d.outcome === 'stopped').length,
      rollbacks,
      ...ignored,
    },
    deploymentFrequency: { perDay, perWeek: perDay * 7, band: deploymentFrequencyBand(shown(perDay, OUTPUT_DECIMALS.perDay)) },
    leadTime: {
      ...(leadMedian === undefined ? {} : { medianHours: leadMedian, p90Hours: nearestRank(leadHours, 90) as number, band: leadTimeBand(shown(leadMedian, OUTPUT_DECIMALS.hours)) }),
      changes: lead.samples.length,
      ...leadCounts,
    },
    changeFailureRate: { ...(rate === undefined ? {} : { rate, band: changeFailureRateBand(shown(rate, OUTPUT_DECIMALS.rate)) }), failures: failures.length },
    recoveryTime: {
      ...(recoveryMedian === undefined ? {} : { medianHours: recoveryMedian, band: recoveryTimeBand(shown(recoveryMedian, OUTPUT_DECIMALS.hours)) }),
      recoveries: recovery.hours.length,
      unrecovered: recovery.unrecovered,
    },
    stops: {
      noData: inWindow.filter((d) => isChange(d) && d.stop === 'no-data').length,
      cancelled: inWindow.filter((d) => isChange(d) && d.stop === 'cancelled').length,
      interrupted: inWindow.filter((d) => isChange(d) && d.stop === 'interrupted').length,
    },
    rollbackFrequency: { perWeek: rollbacks / (days / 7) },
    deploymentSuccessRate: { ...(changes.length > 0 ? { rate: reachedSuccess / changes.length } : {}), reachedSuccess },
    weeks: weeklyFigures(window, changes),
  };
}

/** A fix that succeeded, or a rollback that reached success (whatever was done to it later). */
const restoredService = (d: ClassifiedDeployment) => d.outcome === 'succeeded' || (d.kind === 'rollback' && d.successAtMs !== undefined);

/** The band is that of the figure as printed (the output, rounded): "0.05" is never shown with the band above 5 %. */
const shown = (value: number, decimals: number) => Number(figure(value, decimals));

/**
 * Failed deployment recovery time: from a failed, aborted or rolled-back change deployment's
 * creation (when the bad change began to reach users) to the first `success` of the next
 * deployment created after it that restored service — a fix that succeeded, or a rollback that
 * reached `success` (even one a later rollback undid, a rollback of the rollback: it restored
 * service when it succeeded; bringing the undone code back is a choice made later). A fix that was itself rolled back did not
 * restore service. A failure with no such deployment after it yet is unrecovered, counted
 * apart. A restore timed before the failure (clock skew) counts as 0 h.
 */
function recoveryHours(inWindow: readonly ClassifiedDeployment[], failures: readonly ClassifiedDeployment[]): { hours: number[]; unrecovered: number } {
  const hours: number[] = [];
  let unrecovered = 0;
  for (const failure of failures) {
    const next = inWindow.find((d) => d.createdAtMs > failure.createdAtMs && restoredService(d));
    if (next?.successAtMs === undefined) unrecovered++;
    else hours.push(Math.max(0, (next.successAtMs - failure.createdAtMs) / HOUR_MS));
  }
  return { hours, unrecovered };
}
