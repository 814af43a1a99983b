import { OutsideFailure } from '@shipgate/core';
import type { CommitComparison } from '@shipgate/records';
import type { ClassifiedDeployment } from './classify';

export interface LeadTimeSample {
  sha: string;
  /** The deployment that first delivered it. */
  deploymentId: number;
  hours: number;
}

export interface LeadTimes {
  samples: LeadTimeSample[];
  /** Compare calls made: one per successful change deployment whose base differs from it. */
  comparisons: number;
  /** Commits a comparison counted but did not list (GitHub lists the newest 250 of an unpaged answer: these are the oldest). */
  commitsUnread: number;
  /** Deployments whose compare listed fewer commits than it counted. */
  cutComparisons: number[];
  /** Successful deployments with no earlier successful change deployment read to compare with. */
  withoutBase: number[];
  /** Successful deployments whose comparison git/GitHub could not make: it does not know one of the commits (404/422, a shallow clone). */
  unknownCommits: number[];
  /** Successful deployments whose compare call failed (GitHub down, timing out or rate-limiting), and why the first one failed. */
  failedComparisons: number[];
  failureReason?: string;
  /** Successful deployments not compared because shipgate stopped comparing, and why (the max-comparisons input, the token's rate limit). */
  skippedComparisons: number[];
  stopReason?: string;
}

export interface LeadTimeLimits {
  /** At most this many compare calls (the max-comparisons input). */
  maxComparisons: number;
  /** Stop once GitHub says the token has this many calls or fewer left this hour. */
  rateLimitReserve: number;
  /** Stop after this many compare calls in a row failed: GitHub is down, not one answer lost. */
  maxFailuresInARow: number;
}

export const LEAD_TIME_LIMITS: LeadTimeLimits = { maxComparisons: 500, rateLimitReserve: 100, maxFailuresInARow: 3 };

const HOUR_MS = 3_600_000;

/**
 * Lead time for changes: for each successful change deployment in the window (oldest first),
 * the commits between the previous successful change deployment and it (`compare base...head`,
 * one call each), each commit's lead time being the deployment's first `success` minus the
 * commit's committer date (a negative value from clock skew counts as 0). A commit listed twice
 * (histories that diverged after a rollback) counts at its first deployment.
 * `before` is the newest successful change deployment older than the window, when one was read.
 *
 * A comparison that cannot be made (no base, an unknown commit, a failed call) leaves that
 * deployment's commits out, counted apart, and the rest are still measured. Comparing stops
 * early — the figure is then partial, from the oldest deployments — at `maxComparisons` calls,
 * when GitHub says the token's hourly budget is down to `rateLimitReserve`, or after
 * `maxFailuresInARow` failed calls in a row.
 */
export async function leadTimes(
  successes: readonly ClassifiedDeployment[],
  before: ClassifiedDeployment | undefined,
  compare: (base: string, head: string) => Promise<CommitComparison | undefined>,
  limits: LeadTimeLimits = LEAD_TIME_LIMITS,
): Promise<LeadTimes> {
  const result: LeadTimes = { samples: [], comparisons: 0, commitsUnread: 0, cutComparisons: [], withoutBase: [], unknownCommits: [], failedComparisons: [], skippedComparisons: [] };
  const seen = new Set<string>();
  let failuresInARow = 0;
  let base = before;
  for (const head of successes) {
    const previous = base;
    base = head;
    if (!previous) {
      result.withoutBase.push(head.id);
      continue;
    }
    // A redeploy of the code already running delivers no change: no call.
    if (previous.sha === head.sha) continue;
    if (result.stopReason !== undefined) {
      result.skippedComparisons.push(head.id);
      continue;
    }
    if (result.comparisons >= limits.maxComparisons) {
      result.stopReason = `max-comparisons (${limits.maxComparisons}) reached`;
      result.skippedComparisons.push(head.id);
      continue;
    }
    result.comparisons++;
    let comparison: CommitComparison | undefined;
    try {
      comparison = await compare(previous.sha, head.sha);
      failuresInARow = 0;
    } catch (error) {
      // GitHub's failure (after the client's retries), not a bug and not a cancellation: that deployment is left out.
      if (!(error instanceof OutsideFailure)) throw error;
      result.failedComparisons.push(head.id);
      result.failureReason ??= error.message;
      if (++failuresInARow >= limits.maxFailuresInARow) result.stopReason = `${failuresInARow} compare calls in a row failed`;
      continue;
    }
    if (comparison?.rateLimitRemaining !== undefined && comparison.rateLimitRemaining <= limits.rateLimitReserve) {
      result.stopReason = `GitHub says the token has ${comparison.rateLimitRemaining} API call(s) left this hour; ${limits.rateLimitReserve} are kept for the rest of the job`;
    }
    if (!comparison) {
      result.unknownCommits.push(head.id);
      continue;
    }
    const unread = comparison.totalCommits - comparison.commits.length;
    if (unread > 0) {
      result.commitsUnread += unread;
      result.cutComparisons.push(head.id);
    }
    for (const commit of comparison.commits) {
      if (seen.has(commit.sha)) continue;
      seen.add(commit.sha);
      const hours = Math.max(0, ((head.successAtMs as number) - Date.parse(commit.committedAt)) / HOUR_MS);
      result.samples.push({ sha: commit.sha, deploymentId: head.id, hours });
    }
  }
  return result;
}
