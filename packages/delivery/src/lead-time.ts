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
  /** Commits a comparison counted but did not list (GitHub lists 250 per unpaged answer). */
  commitsUnread: number;
  /** Deployments whose compare listed fewer commits than it counted. */
  cutComparisons: number[];
  /** Successful deployments whose changes could not be read: no earlier successful deployment, or git/GitHub does not know a commit. */
  withoutBase: number[];
}

const HOUR_MS = 3_600_000;

/**
 * Lead time for changes: for each successful change deployment in the window (oldest first),
 * the commits between the previous successful change deployment and it (`compare base...head`,
 * one call each), each commit's lead time being the deployment's first `success` minus the
 * commit's committer date (a negative value from clock skew counts as 0). A commit listed twice
 * (histories that diverged after a rollback) counts at its first deployment.
 * `before` is the newest successful change deployment older than the window, when one was read.
 */
export async function leadTimes(
  successes: readonly ClassifiedDeployment[],
  before: ClassifiedDeployment | undefined,
  compare: (base: string, head: string) => Promise<CommitComparison | undefined>,
): Promise<LeadTimes> {
  const result: LeadTimes = { samples: [], comparisons: 0, commitsUnread: 0, cutComparisons: [], withoutBase: [] };
  const seen = new Set<string>();
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
    result.comparisons++;
    const comparison = await compare(previous.sha, head.sha);
    if (!comparison) {
      result.withoutBase.push(head.id);
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
