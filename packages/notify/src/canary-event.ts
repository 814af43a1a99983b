import type { ActionEvent } from './notifier';

/** The parts of a canary outcome (@shipgate/canary's CanaryOutcome) a message needs. */
export interface CanaryEnding {
  decision: 'promoted' | 'aborted' | 'in-progress';
  reason: string;
  sha: string;
  version: string;
  environment: string;
  weight: number;
  trafficSafe: boolean;
  deploymentState: string;
}

/**
 * The message for how a canary ended: promoted; stopped with traffic back on stable (rolled
 * back); stopped with traffic held on it (on-failure / on-no-data: pause); or stopped by an error
 * or a cancel, or with traffic the router would not move back (aborted). Undefined while in progress.
 */
export function canaryEvent(outcome: CanaryEnding): ActionEvent | undefined {
  const base = { sha: outcome.sha, version: outcome.version, environment: outcome.environment, weight: outcome.weight };
  if (outcome.decision === 'in-progress') return undefined;
  if (outcome.decision === 'promoted') return { ...base, kind: 'canary-promoted' };
  const reason = outcome.reason;
  if (!outcome.trafficSafe || outcome.deploymentState === 'error') return { ...base, kind: 'canary-aborted', reason };
  if (outcome.weight > 0) return { ...base, kind: 'canary-paused', reason };
  return { ...base, kind: 'canary-rolled-back', reason };
}
