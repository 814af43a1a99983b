/**
 * DORA performance bands. Source: DORA (Google Cloud), "Accelerate State of DevOps Report 2024",
 * the software delivery performance levels table (elite / high / medium / low). The report gives
 * each cluster's typical value; shipgate turns them into edges, each band including its lower
 * edge and excluding its upper one:
 *
 * - deployment frequency: elite "on demand (multiple deploys per day)" → at least 1 per day;
 *   high "between once per day and once per week" → at least 1 per week; medium "between once
 *   per week and once per month" → at least 1 per 30 days; low below that.
 * - lead time for changes (median): elite "less than one day" → < 24 h; high "between one day
 *   and one week" → < 168 h; medium "between one week and one month" → < 720 h; low above.
 * - change failure rate: the report's cluster values are 5 % (elite), 20 % (high), 10 % (medium)
 *   and 40 % (low) — high and medium out of order, so a rate alone cannot separate them as the
 *   report labels them. shipgate uses the values in ascending order as upper edges: elite
 *   ≤ 5 %, high ≤ 10 %, medium ≤ 20 %, low above.
 * - failed deployment recovery time (median): elite "less than one hour" → < 1 h; high "less
 *   than one day" → < 24 h; medium < 168 h (the report's medium is also "less than one day";
 *   the one-day-to-one-week range is medium in the 2019–2021 reports); low "between one week
 *   and one month" and beyond.
 *
 * Deployment success rate and rollback frequency (the seed's two extra figures) have no DORA
 * band: the report does not measure them.
 */
export type Band = 'elite' | 'high' | 'medium' | 'low';

export const BAND_SOURCE = 'DORA, Accelerate State of DevOps Report 2024 (software delivery performance levels)';

const HOURS_PER_DAY = 24;

/** Deploys per day. */
export function deploymentFrequencyBand(perDay: number): Band {
  if (perDay >= 1) return 'elite';
  if (perDay >= 1 / 7) return 'high';
  if (perDay >= 1 / 30) return 'medium';
  return 'low';
}

export function leadTimeBand(medianHours: number): Band {
  if (medianHours < HOURS_PER_DAY) return 'elite';
  if (medianHours < 7 * HOURS_PER_DAY) return 'high';
  if (medianHours < 30 * HOURS_PER_DAY) return 'medium';
  return 'low';
}

/** A fraction (0.05 = 5 %). */
export function changeFailureRateBand(rate: number): Band {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.2) return 'medium';
  return 'low';
}

export function recoveryTimeBand(medianHours: number): Band {
  if (medianHours < 1) return 'elite';
  if (medianHours < HOURS_PER_DAY) return 'high';
  if (medianHours < 7 * HOURS_PER_DAY) return 'medium';
  return 'low';
}
