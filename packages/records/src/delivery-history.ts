import type { Deployment, DeploymentState } from './types';

/**
 * One deployment of an environment as the delivery metrics read it: every status it was given
 * (not only the newest), because "reached success, then was rolled back" is told apart from
 * "succeeded" only by the whole sequence.
 */
export interface RecordedDeployment {
  id: number;
  sha: string;
  createdAt: string;
  payload: Deployment['payload'];
  /** Known on the local backend; GitHub's GraphQL API does not expose the flag (undefined). */
  transientEnvironment?: boolean;
  /** In any order; each with its time (ISO 8601). */
  statuses: { state: DeploymentState; createdAt: string; description: string }[];
}

/** The commits `head` has and `base` has not (`git log base..head`), with their committer dates. */
export interface CommitComparison {
  commits: { sha: string; committedAt: string }[];
  /** How many commits the comparison holds; more than `commits.length` when the answer was cut. */
  totalCommits: number;
}

/**
 * GitHub's compare API lists at most this many commits in an answer that is not paged; shipgate
 * asks once per deployment (bounded calls) and reports the commits it could not read.
 */
export const COMPARE_COMMIT_LIMIT = 250;

/** How many deployments one GraphQL page of the history holds (GitHub's `first` limit). */
export const HISTORY_PAGE_SIZE = 100;

/** How many statuses of each deployment are read: a canary writes about ten. */
export const STATUSES_PER_DEPLOYMENT = 100;
