import type { JudgeOptions } from '@shipgate/analysis';
import type { DeploymentState } from '@shipgate/records';
import type { PlannedStep } from './step-plan';

/** Everything canary-step decided from its inputs, before anything is created or moved. */
export interface CanarySettings {
  environment: string;
  sha: string;
  steps: PlannedStep[];
  /** Requests each arm needs in a step before it may end (`min-requests`). */
  minRequests: number;
  /** false: the judge sees the canary alone (threshold rules only). */
  compareBaseline: boolean;
  judge: JudgeOptions;
  /** `harm-margin`: canary/baseline ratio still counted as not harmful (see judge-options.ts). */
  harmMargin: number;
  onFailure: 'rollback' | 'pause';
  onNoData: 'pause' | 'rollback';
  /**
   * `canary`: the steps as given. `blue-green`: two steps — the new version judged on its own
   * URL at 0 % (it never takes production traffic unless it passes), then 0 → 100 at once and a
   * post-switch window; a failure there switches straight back.
   */
  strategy?: 'canary' | 'blue-green';
  /** blue-green: how long the previous version must stay ready after the switch. */
  scaleDownDelayMs?: number;
  /** `max-step-wait`; undefined: 3× each step's pause. */
  maxStepWaitMs?: number;
  logUrl?: string;
}

export interface ArmTotals {
  requests: number;
  errors: number;
  slow: number;
  /** The highest p99 of the step's polls (p99s of polls cannot be merged). */
  worstP99Ms?: number;
}

export type StepVerdict = 'advanced' | 'promoted' | 'aborted' | 'held' | 'no-data' | 'cancelled' | 'router-failed';

/** One row of the job summary and of the JSON report. */
export interface StepRecord {
  step: number;
  weight: number;
  startedAt: string;
  endedAt?: string;
  analysed: boolean;
  canary: ArmTotals;
  baseline: ArmTotals;
  polls: number;
  noDataPolls: number;
  verdict?: StepVerdict;
  reason?: string;
}

/** One point of the chart: the weight and both arms' error rate at a poll. */
export interface PollPoint {
  /** Milliseconds since the rollout began. */
  atMs: number;
  step: number;
  weight: number;
  canaryErrorRate?: number;
  baselineErrorRate?: number;
  /** The judge's verdict, or `no-data`. */
  verdict: string;
}

export type Decision = 'promoted' | 'aborted' | 'in-progress';

export interface CanaryOutcome {
  decision: Decision;
  /** One line: why. */
  reason: string;
  deploymentId: number;
  sha: string;
  version: string;
  environment: string;
  baselineSha?: string;
  /** The step the rollout ended at, 1-based, and how many there are. */
  step: number;
  stepCount: number;
  /** The canary weight in force at the end, as far as shipgate knows. */
  weight: number;
  /** The deployment's final state (in_progress when a run left it for a later `advance`). */
  deploymentState: DeploymentState;
  /** False when traffic had to go back to stable and the router refused every attempt. */
  trafficSafe: boolean;
  startedAt: string;
  endedAt: string;
  steps: StepRecord[];
  polls: PollPoint[];
}
