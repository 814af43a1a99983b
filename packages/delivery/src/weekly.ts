import { isChangeFailure, type ClassifiedDeployment } from './classify';

const WEEK_MS = 7 * 24 * 3_600_000;

export interface WeekFigures {
  /** The week's first day (UTC, ISO date); weeks run from the window's start, the last may be short. */
  start: string;
  /** Successful change deployments created that week. */
  deploys: number;
  /** Change deployments with an outcome created that week. */
  deployments: number;
  failures: number;
  /** failures / deployments; undefined in a week without deployments. */
  failureRate?: number;
}

/** The deploys and failure rate of each week of the window, oldest first (the job summary's charts). */
export function weeklyFigures(window: { startMs: number; endMs: number }, changes: readonly ClassifiedDeployment[]): WeekFigures[] {
  const weeks: WeekFigures[] = [];
  for (let start = window.startMs; start < window.endMs; start += WEEK_MS) {
    const those = changes.filter((d) => d.createdAtMs >= start && d.createdAtMs < Math.min(start + WEEK_MS, window.endMs + 1));
    const failures = those.filter(isChangeFailure).length;
    weeks.push({
      start: new Date(start).toISOString().slice(0, 10),
      deploys: those.filter((d) => d.outcome === 'succeeded').length,
      deployments: those.length,
      failures,
      ...(those.length > 0 ? { failureRate: failures / those.length } : {}),
    });
  }
  return weeks;
}
