/** What a message is about: one step of a deploy, a canary or a rollback. */
export type NotifyKind =
  | 'deploy-started'
  | 'deploy-succeeded'
  | 'deploy-failed'
  | 'canary-started'
  | 'canary-promoted'
  /** The judge stopped the canary and traffic is back on stable. */
  | 'canary-rolled-back'
  /** The judge stopped the canary and traffic is held for inspection (on-failure: pause). */
  | 'canary-paused'
  /** Stopped by an error or a cancel, or traffic could not be put back on stable. */
  | 'canary-aborted'
  | 'rollback-started'
  | 'rollback-succeeded'
  | 'rollback-failed';

export interface VersionRef {
  version: string;
  sha: string;
}

export interface NotifyEvent extends VersionRef {
  kind: NotifyKind;
  environment: string;
  /** Rollbacks: the version being replaced (version/sha are the one restored). */
  from?: VersionRef;
  /** Why it failed, stopped or was rolled back; one line. */
  reason?: string;
  /** Canary: the weight in force when the message was sent. */
  weight?: number;
  /** owner/repo, shown beside the run link. */
  repository?: string;
  /** The run's log (readRunContext().runUrl). */
  runUrl?: string;
}

/**
 * Events the incident channel (notify-failure-webhook) gets besides the deploy channel: every
 * failure, stop and rollback, and all of a rollback's messages (a rollback is an incident from
 * its start).
 */
export function isIncident(kind: NotifyKind): boolean {
  return kind.startsWith('rollback-') || kind === 'deploy-failed' || (kind.startsWith('canary-') && kind !== 'canary-started' && kind !== 'canary-promoted');
}
