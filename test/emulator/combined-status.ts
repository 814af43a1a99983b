import type { CommitState, CommitStatusRecord } from './store';

/** The newest status of each context, given statuses newest first. */
export function latestPerContext(statusesNewestFirst: readonly CommitStatusRecord[]): CommitStatusRecord[] {
  const seen = new Map<string, CommitStatusRecord>();
  for (const status of statusesNewestFirst) {
    if (!seen.has(status.context)) seen.set(status.context, status);
  }
  return [...seen.values()];
}

/**
 * GitHub's combined state: `failure` if any context is `error` or `failure`, `pending`
 * if there are no statuses or any is `pending`, `success` only when every context is.
 */
export function combinedState(latest: readonly CommitStatusRecord[]): CommitState {
  if (latest.some((status) => status.state === 'error' || status.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((status) => status.state === 'pending')) return 'pending';
  return 'success';
}
