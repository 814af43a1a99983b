import { createJudge, type Judge, type Judgement } from '@shipgate/analysis';
import { ShipgateError, formatDuration } from '@shipgate/core';
import { readingToPoll, type ArmReading, type MetricSource } from '@shipgate/metrics';
import { findLastGoodDeployment, type DeploymentRecords, type DeploymentState } from '@shipgate/records';
import type { TrafficRouter } from '@shipgate/traffic';
import { backToStable } from './back-to-stable';
import { judgeOptions } from './judge-options';
import { ROLLED_BACK, isoSeconds, progressLine } from './progress-line';
import type { ArmTotals, CanaryOutcome, CanarySettings, PollPoint, StepRecord, StepVerdict } from './rollout-types';
import { isAnalysed } from './step-plan';

export interface RolloutDeps {
  records: DeploymentRecords;
  router: TrafficRouter;
  source: MetricSource;
  log: (line: string) => void;
  /** Loud problems (`::error::`): traffic that may still be on the canary. */
  error: (line: string) => void;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  /** As soon as the deployment exists, so the post step can close it if the job dies. */
  onDeploymentCreated(id: number): void;
  now?: () => number;
  /** Time between metric reads; default a fifth of the step's pause, between 250 ms and 10 s. */
  pollMs?: (pauseMs: number) => number;
  /** Waits between attempts to put traffic back on stable. */
  retryDelaysMs?: readonly number[];
}

const defaultPollMs = (pauseMs: number) => Math.min(10_000, Math.max(250, Math.round(pauseMs / 5)));

const emptyTotals = (): ArmTotals => ({ requests: 0, errors: 0, slow: 0 });

function addArm(totals: ArmTotals, arm: ArmReading): void {
  totals.requests += arm.requests;
  totals.errors += arm.errors;
  totals.slow += arm.slow;
  if (arm.p99Ms !== undefined) totals.worstP99Ms = Math.max(totals.worstP99Ms ?? 0, arm.p99Ms);
}

const rate = (events: number, requests: number) => (requests > 0 ? events / requests : undefined);

/** Resolves after `ms`, or at once when the job is cancelled. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    if (signal.aborted) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    signal.addEventListener('abort', finish, { once: true });
  });
}

type StepEnd = { kind: 'advance'; reason: string } | { kind: 'abort'; reason: string } | { kind: 'no-data'; reason: string } | { kind: 'cancelled' };

/**
 * canary-step `mode: run`: one production deployment, then each weight in turn, judged poll
 * by poll, until it is promoted at 100 % or stopped. Every path that created the deployment
 * ends with a final status on it and, unless the user asked to hold, traffic back on stable.
 */
export async function runCanary(settings: CanarySettings, deps: RolloutDeps): Promise<CanaryOutcome> {
  const now = deps.now ?? Date.now;
  const { records, router, source, log } = deps;
  const commit = await records.resolveCommit(settings.sha);
  const version = commit.sha.slice(0, 7);
  const baseline = await findLastGoodDeployment(records, settings.environment);
  // At 0 % canary: the source starts collecting and fixes its latency cut; a query Prometheus
  // cannot parse fails here, before anything is created.
  await source.start();
  if (deps.signal.aborted) throw new ShipgateError('cancelled before the canary started; nothing was created and no traffic moved');
  const judge: Judge = createJudge(judgeOptions(settings));

  const started = now();
  const deployment = await records.createDeployment({
    sha: commit.sha,
    environment: settings.environment,
    description: `shipgate: canary ${version}`,
    payload: {
      kind: 'canary',
      version,
      ...(commit.tree ? { tree: commit.tree } : {}),
      ref: settings.sha,
      steps: settings.steps.map((step) => ({ weight: step.weight, pauseMs: step.pauseMs })),
      ...(baseline ? { baseline_sha: baseline.deployment.sha, baseline_deployment_id: baseline.deployment.id } : {}),
    },
    productionEnvironment: true,
    transientEnvironment: false,
  });
  deps.onDeploymentCreated(deployment.id);
  log(`Canary deployment ${deployment.id} of ${version} to ${settings.environment}${baseline ? ` (baseline ${baseline.deployment.sha.slice(0, 7)})` : ' (no earlier good deployment)'}`);

  const stepRecords: StepRecord[] = [];
  const polls: PollPoint[] = [];
  let weight = 0;
  let stepIndex = 0;

  const outcome = (decision: CanaryOutcome['decision'], reason: string, deploymentState: DeploymentState, trafficSafe = true): CanaryOutcome => ({
    decision,
    reason,
    deploymentId: deployment.id,
    sha: commit.sha,
    version,
    environment: settings.environment,
    ...(baseline ? { baselineSha: baseline.deployment.sha } : {}),
    step: stepIndex + 1,
    stepCount: settings.steps.length,
    weight,
    deploymentState,
    trafficSafe,
    startedAt: new Date(started).toISOString(),
    endedAt: new Date(now()).toISOString(),
    steps: stepRecords,
    polls,
  });

  const close = (state: DeploymentState, description: string) => records.addStatus(deployment.id, { state, description, logUrl: settings.logUrl });

  /** Traffic back to 0 % (retried); says loudly when the router refused every attempt. */
  async function restoreStable(): Promise<{ ok: boolean; note: string }> {
    const result = await backToStable(router, log, deps.retryDelaysMs);
    if (result.ok) {
      weight = 0;
      return { ok: true, note: 'traffic back on stable' };
    }
    if (result.weightInForce !== undefined) weight = result.weightInForce;
    const note = `weight may still be ${weight}% on the canary: the router failed ${result.attempts} times`;
    deps.error(`canary-step could not put traffic back on stable: ${note}: ${result.error}`);
    return { ok: false, note };
  }

  function endStep(record: StepRecord, verdict: StepVerdict, reason: string): void {
    record.verdict = verdict;
    record.reason = reason;
    record.endedAt = new Date(now()).toISOString();
  }

  try {
    let sentence: string | undefined;
    for (; stepIndex < settings.steps.length; stepIndex++) {
      const step = settings.steps[stepIndex] as (typeof settings.steps)[number];
      const number = stepIndex + 1;
      if (deps.signal.aborted) return await cancelled();
      const record: StepRecord = {
        step: number,
        weight: step.weight,
        startedAt: new Date(now()).toISOString(),
        analysed: isAnalysed(settings.steps, stepIndex),
        canary: emptyTotals(),
        baseline: emptyTotals(),
        polls: 0,
        noDataPolls: 0,
      };
      stepRecords.push(record);
      try {
        await router.setWeight(step.weight);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        endStep(record, 'router-failed', message);
        const restored = await restoreStable();
        await close('error', `shipgate: canary stopped: the router could not set ${step.weight}%; ${restored.note}`);
        throw new ShipgateError(`canary stopped at step ${number}/${settings.steps.length}: ${message}; ${restored.note}`);
      }
      weight = step.weight;
      const progress = { step: number, steps: settings.steps.length, weight, since: isoSeconds(now()) };
      await records.addStatus(deployment.id, { state: 'in_progress', description: progressLine(progress, sentence), logUrl: settings.logUrl });
      log(`Step ${number}/${settings.steps.length}: ${weight}% of traffic on the canary${record.analysed ? `, judged for ${formatDuration(step.pauseMs)}` : ''}`);
      if (!record.analysed) {
        endStep(record, 'promoted', 'all traffic on the canary');
        break;
      }
      const end = await watchStep(judge, record, step.pauseMs, number);
      if (end.kind === 'cancelled') return await cancelled();
      if (end.kind === 'abort') return await stop(record, 'abort', end.reason);
      if (end.kind === 'no-data') return await stop(record, 'no-data', end.reason);
      endStep(record, number === settings.steps.length ? 'promoted' : 'advanced', end.reason);
      log(`Step ${number}: ${end.reason}`);
      sentence = end.reason;
    }
    stepIndex = settings.steps.length - 1;
    const reason = `promoted: ${version} carries all traffic after ${settings.steps.length} steps${sentence ? `; ${sentence}` : ''}`;
    await close('success', `shipgate: canary promoted: ${version} at 100%`);
    return outcome('promoted', reason, 'success');
  } catch (error) {
    if (error instanceof ShipgateError) throw error;
    // A bug or an outage mid-rollout: never leave traffic on an unjudged canary.
    const restored = await restoreStable().catch(() => ({ ok: false, note: 'the router could not be reached' }));
    await close('error', `shipgate: canary stopped by an unexpected error; ${restored.note}`).catch(() => undefined);
    throw error;
  }

  async function watchStep(judgeOf: Judge, record: StepRecord, pauseMs: number, number: number): Promise<StepEnd> {
    const stepStarted = now();
    const maxWaitMs = settings.maxStepWaitMs ?? 3 * pauseMs;
    const pollMs = (deps.pollMs ?? defaultPollMs)(pauseMs);
    let last: Judgement | undefined;
    let lastNoData: string | undefined;
    for (;;) {
      await pause(pollMs, deps.signal);
      if (deps.signal.aborted) return { kind: 'cancelled' };
      const reading = await source.read();
      record.polls += 1;
      const point: PollPoint = { atMs: now() - started, step: number, weight: record.weight, verdict: 'no-data' };
      polls.push(point);
      if (reading.kind === 'no-data') {
        record.noDataPolls += 1;
        lastNoData = reading.reason;
        log(`Step ${number}: no data (${reading.reason}); never counted as a pass`);
      } else {
        const poll = readingToPoll(reading, number);
        if (!settings.compareBaseline) delete poll.baseline;
        addArm(record.canary, reading.canary);
        if (reading.baseline) addArm(record.baseline, reading.baseline);
        last = judgeOf.observe(poll);
        point.verdict = last.verdict;
        const canaryRate = rate(reading.canary.errors, reading.canary.requests);
        const baselineRate = reading.baseline ? rate(reading.baseline.errors, reading.baseline.requests) : undefined;
        if (canaryRate !== undefined) point.canaryErrorRate = canaryRate;
        if (baselineRate !== undefined) point.baselineErrorRate = baselineRate;
        if (last.verdict === 'abort') return { kind: 'abort', reason: last.reason };
      }
      const waited = now() - stepStarted;
      const enough = record.canary.requests >= settings.minRequests && (!settings.compareBaseline || record.baseline.requests >= settings.minRequests);
      if (waited >= pauseMs && enough && last?.verdict === 'advance') return { kind: 'advance', reason: last.reason };
      if (waited >= maxWaitMs) {
        const counts = `${record.canary.requests} canary${settings.compareBaseline ? ` and ${record.baseline.requests} baseline` : ''} requests of the ${settings.minRequests} each arm needs`;
        const why = !enough
          ? `not enough data after ${formatDuration(waited)} at ${record.weight}%: ${counts}${lastNoData ? ` (last no-data poll: ${lastNoData})` : ''}`
          : `no verdict after ${formatDuration(waited)} at ${record.weight}%: ${last?.reason ?? 'the judge had no data'}`;
        return { kind: 'no-data', reason: why };
      }
    }
  }

  /** The judge aborted, or a step ran out of time without enough data: on-failure / on-no-data decide. */
  async function stop(record: StepRecord, kind: 'abort' | 'no-data', reason: string): Promise<CanaryOutcome> {
    const policy = kind === 'abort' ? settings.onFailure : settings.onNoData;
    const where = `step ${record.step}/${settings.steps.length} (${record.weight}%)`;
    if (policy === 'pause') {
      endStep(record, kind === 'abort' ? 'aborted' : 'no-data', reason);
      await close('failure', `shipgate: canary paused at ${record.weight}%: ${reason}`);
      return outcome('aborted', `${kind === 'abort' ? 'aborted' : 'held'} at ${where}, traffic held at ${record.weight}% for you to inspect: ${reason}`, 'failure');
    }
    endStep(record, kind === 'abort' ? 'aborted' : 'no-data', reason);
    const restored = await restoreStable();
    // Only a verdict against the code carries the rollback marker the gate's quarantine reads;
    // a canary stopped for lack of data was not shown to be bad.
    const description = kind === 'abort'
      ? `${ROLLED_BACK} ${restored.ok ? '' : `${restored.note}; `}${reason}`
      : `shipgate: canary stopped, not enough data; ${restored.note}: ${reason}`;
    await close('failure', description);
    return outcome('aborted', `${kind === 'abort' ? 'aborted' : 'stopped for lack of data'} at ${where}, ${restored.note}: ${reason}`, 'failure', restored.ok);
  }

  async function cancelled(): Promise<CanaryOutcome> {
    const record = stepRecords.at(-1);
    if (record && !record.verdict) endStep(record, 'cancelled', 'the job was cancelled');
    const restored = await restoreStable();
    const where = `step ${stepIndex + 1}/${settings.steps.length}`;
    await close('error', `shipgate: canary cancelled at ${where}; ${restored.note}`);
    return outcome('aborted', `cancelled at ${where}; ${restored.note}`, 'error', restored.ok);
  }
}

