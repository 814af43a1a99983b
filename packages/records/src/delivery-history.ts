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
  /** GitHub's `x-ratelimit-remaining` after the call, when it sent one: how many calls the token has left this hour. */
  rateLimitRemaining?: number;
}

/**
 * GitHub's compare API lists at most this many commits in an answer that is not paged (the
 * newest ones); shipgate asks once per deployment (bounded calls) and reports the older commits
 * it could not read.
 */
export const COMPARE_COMMIT_LIMIT = 250;

/** How many deployments one GraphQL page of the history holds (GitHub's `first` limit). */
export const HISTORY_PAGE_SIZE = 100;

/** How many statuses of each deployment are read: a canary writes about ten. */
export const STATUSES_PER_DEPLOYMENT = 100;

/**
 * When the older deployments on the last page read hold no successful change deployment (the
 * base the window's first change is compared with), at most this many more pages are read to
 * find one.
 */
export const BASE_SEARCH_PAGES = 2;

/**
 * A shipgate deploy or canary that reached `success` and was never given `failure`/`error`: a
 * base for the lead time's first comparison (classify.ts in @shipgate/delivery decides the same).
 */
export function isGoodChangeRecord(record: RecordedDeployment): boolean {
  const kind = record.payload.shipgate?.kind;
  if (kind !== 'deploy' && kind !== 'canary') return false;
  if (record.transientEnvironment) return false;
  return record.statuses.some((s) => s.state === 'success') && !record.statuses.some((s) => s.state === 'failure' || s.state === 'error');
}
