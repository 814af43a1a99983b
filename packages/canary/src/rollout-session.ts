import { createRedactor } from '@shipgate/core';
import type { CommitInfo, Deployment, DeploymentRecords, DeploymentState } from '@shipgate/records';
import type { MetricSource } from '@shipgate/metrics';
import type { TrafficRouter } from '@shipgate/traffic';
import { backToStable } from './back-to-stable';
import { ROLLED_BACK } from './progress-line';
import type { ArmTotals, CanaryOutcome, CanarySettings, PollPoint, StepRecord, StepVerdict } from './rollout-types';

export interface RolloutDeps {
  records: DeploymentRecords;
  router: TrafficRouter;
  source: MetricSource;
  log: (line: string) => void;
  /** Loud problems: traffic that may still be on the canary. */
  error: (line: string) => void;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  /** As soon as the deployment exists (or is resumed), so the post step can close it if the job dies. */
  onDeploymentCreated(id: number): void;
  /** Just before this invocation asks the router for a weight: from here a crash must put traffic back. */
  onTrafficMoving?(id: number): void;
  /** The rollout ended by an error (router, GitHub, metric source): what it had reached, for outputs and summary. */
  onFailed?(outcome: CanaryOutcome): void;
  /** This invocation created the canary's deployment (not one resumed by `mode: advance`): the "started" message. */
  onRolloutStarted?(deployment: { id: number; sha: string; version: string }): void;
  /**
   * This invocation decided the canary's end and is recording its final status (called before the
   * status is sent, so an outage of GitHub does not lose the "ended" message): not an end an
   * earlier invocation recorded.
   */
  onClosed?(): void;
  /** Values never written to a status, reason, report or summary (prometheus-token, URL credentials). */
  secrets?: readonly string[];
  now?: () => number;
  /** Time between metric reads in `run` mode; default a fifth of the step's pause, between 250 ms and 10 s. */
  pollMs?: (pauseMs: number) => number;
  /** Waits between attempts to put traffic back on stable. */
  retryDelaysMs?: readonly number[];
}

export const emptyTotals = (): ArmTotals => ({ requests: 0, errors: 0, slow: 0 });

/**
 * One canary deployment being driven: what both modes share to record steps, stop, and close
 * the deployment. Every stop ends with a final status and, unless the user asked to hold,
 * traffic back on stable.
 */
export class RolloutSession {
  readonly steps: StepRecord[] = [];
  readonly polls: PollPoint[] = [];
  /** The canary weight in force as far as shipgate knows. */
  weight = 0;
  /** 0-based index of the current step. */
  stepIndex = 0;
  /** True once this invocation asked the router for a weight. */
  movedTraffic = false;

  constructor(
    readonly settings: CanarySettings,
    readonly deps: RolloutDeps,
    readonly deployment: Pick<Deployment, 'id' | 'createdAt'>,
    readonly commit: CommitInfo,
    readonly baselineSha: string | undefined,
    /** When the rollout began (ms). */
    readonly startedMs: number,
  ) {}

  get version(): string {
    return this.commit.sha.slice(0, 7);
  }

  /** The text with every known secret replaced by ***. */
  redact(text: string): string {
    this.redactor ??= createRedactor(this.deps.secrets ?? [], { minLength: 3 });
    return this.redactor(text);
  }

  private redactor?: (text: string) => string;

  now(): number {
    return (this.deps.now ?? Date.now)();
  }

  where(record: { step: number; weight: number }): string {
    return `step ${record.step}/${this.settings.steps.length} (${record.weight}%)`;
  }

  outcome(decision: CanaryOutcome['decision'], reason: string, deploymentState: DeploymentState, trafficSafe = true): CanaryOutcome {
    return {
      decision,
      reason,
      deploymentId: this.deployment.id,
      sha: this.commit.sha,
      version: this.version,
      environment: this.settings.environment,
      ...(this.baselineSha ? { baselineSha: this.baselineSha } : {}),
      step: this.stepIndex + 1,
      stepCount: this.settings.steps.length,
      weight: this.weight,
      deploymentState,
      trafficSafe,
      startedAt: new Date(this.startedMs).toISOString(),
      endedAt: new Date(this.now()).toISOString(),
      steps: this.steps,
      polls: this.polls,
    };
  }

  /** True once a final status (success, failure, error) was recorded by this session. */
  closed = false;

  async status(state: DeploymentState, description: string) {
    const final = state !== 'in_progress' && state !== 'queued' && state !== 'pending';
    if (final) this.deps.onClosed?.();
    const status = await this.deps.records.addStatus(this.deployment.id, { state, description: this.redact(description), logUrl: this.settings.logUrl });
    if (final) this.closed = true;
    return status;
  }

  endStep(record: StepRecord, verdict: StepVerdict, reason: string): void {
    record.verdict = verdict;
    record.reason = reason;
    record.endedAt = new Date(this.now()).toISOString();
  }

  /** Traffic back to 0 % (retried); says loudly when the router refused every attempt. */
  async restoreStable(): Promise<{ ok: boolean; note: string }> {
    const result = await backToStable(this.deps.router, this.deps.log, this.deps.retryDelaysMs);
    if (result.ok) {
      this.weight = 0;
      return { ok: true, note: 'traffic back on stable' };
    }
    if (result.weightInForce !== undefined) this.weight = result.weightInForce;
    const note = `weight may still be ${this.weight}% on the canary: the router failed ${result.attempts} times`;
    this.deps.error(`canary-step could not put traffic back on stable: ${note}: ${result.error}`);
    return { ok: false, note };
  }

  /** The judge aborted, or a step ran out of time without enough data: on-failure / on-no-data decide. */
  async stop(record: StepRecord, kind: 'abort' | 'no-data', reason: string): Promise<CanaryOutcome> {
    const policy = kind === 'abort' ? this.settings.onFailure : this.settings.onNoData;
    this.endStep(record, kind === 'abort' ? 'aborted' : 'no-data', reason);
    if (policy === 'pause') {
      await this.status('failure', `shipgate: canary paused at ${record.weight}%: ${reason}`);
      return this.outcome('aborted', `${kind === 'abort' ? 'aborted' : 'held'} at ${this.where(record)}, traffic held at ${record.weight}% for you to inspect: ${reason}`, 'failure');
    }
    const restored = await this.restoreStable();
    // Only a verdict against the code carries the rollback marker the gate's quarantine reads;
    // a canary stopped for lack of data was not shown to be bad.
    const description = kind === 'abort'
      ? `${ROLLED_BACK} ${restored.ok ? '' : `${restored.note}; `}${reason}`
      : `shipgate: canary stopped, not enough data; ${restored.note}: ${reason}`;
    await this.status('failure', description);
    return this.outcome('aborted', `${kind === 'abort' ? 'aborted' : 'stopped for lack of data'} at ${this.where(record)}, ${restored.note}: ${reason}`, 'failure', restored.ok);
  }

  async cancelled(): Promise<CanaryOutcome> {
    const record = this.steps.at(-1);
    if (record && !record.verdict) this.endStep(record, 'cancelled', 'the job was cancelled');
    const restored = await this.restoreStable();
    const where = `step ${this.stepIndex + 1}/${this.settings.steps.length}`;
    await this.status('error', `shipgate: canary cancelled at ${where}; ${restored.note}`);
    return this.outcome('aborted', `cancelled at ${where}; ${restored.note}`, 'error', restored.ok);
  }

  async promoted(sentence?: string): Promise<CanaryOutcome> {
    this.stepIndex = this.settings.steps.length - 1;
    await this.status('success', `shipgate: canary promoted: ${this.version} at 100%`);
    const keep = this.settings.strategy === 'blue-green' && this.settings.scaleDownDelayMs
      ? `; keep the previous version ready until ${new Date(this.now() + this.settings.scaleDownDelayMs).toISOString()} (scale-down-delay) so a switch back stays instant`
      : '';
    return this.outcome('promoted', `promoted: ${this.version} carries all traffic after ${this.settings.steps.length} steps${sentence ? `; ${sentence}` : ''}${keep}`, 'success');
  }

  /**
   * A bug or an outage (GitHub, the metric source) mid-rollout: never leave traffic on an
   * unjudged canary. Does nothing when a final status was already recorded.
   */
  async crashed(error: unknown): Promise<void> {
    const message = this.redact(error instanceof Error ? error.message : String(error));
    const where = `step ${this.stepIndex + 1}/${this.settings.steps.length}`;
    let trafficSafe = true;
    let reason = message;
    if (!this.closed) {
      const restored = await this.restoreStable().catch(() => ({ ok: false, note: 'the router could not be reached' }));
      trafficSafe = restored.ok;
      reason = `stopped at ${where}, ${restored.note}: ${message}`;
      await this.status('error', `shipgate: canary stopped at ${where}; ${restored.note}: ${message}`).catch(() => undefined);
    }
    const record = this.steps.at(-1);
    if (record && !record.verdict) this.endStep(record, 'aborted', message);
    this.deps.onFailed?.(this.outcome('aborted', reason, 'error', trafficSafe));
  }

  newStep(index: number, analysed: boolean): StepRecord {
    const step = this.settings.steps[index] as CanarySettings['steps'][number];
    const record: StepRecord = {
      step: index + 1,
      weight: step.weight,
      startedAt: new Date(this.now()).toISOString(),
      analysed,
      canary: emptyTotals(),
      baseline: emptyTotals(),
      polls: 0,
      noDataPolls: 0,
    };
    this.steps.push(record);
    return record;
  }
}

