import { createJudge, type Judge } from '@shipgate/analysis';
import { ShipgateError, formatDuration } from '@shipgate/core';
import { latestStatus, type Deployment } from '@shipgate/records';
import { judgeOptions } from './judge-options';
import { isoSeconds, progressLine } from './progress-line';
import { startRollout } from './rollout-start';
import type { RolloutDeps, RolloutSession } from './rollout-session';
import type { CanaryOutcome, CanarySettings, StepRecord } from './rollout-types';
import { observe, pollOf, stepDecision, type StepEnd, type StepWatch } from './step-judging';
import { isAnalysed } from './step-plan';

const defaultPollMs = (pauseMs: number) => Math.min(10_000, Math.max(250, Math.round(pauseMs / 5)));

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

/**
 * Moves traffic to a step's weight and records the step's `in_progress` status. A router that
 * refuses stops the canary: traffic back on stable, deployment `error`, one ShipgateError.
 */
export async function enterStep(session: RolloutSession, index: number, sentence?: string, by?: string): Promise<StepRecord> {
  const { settings, deps } = session;
  session.stepIndex = index;
  const record = session.newStep(index, isAnalysed(settings.steps, index));
  const step = settings.steps[index] as CanarySettings['steps'][number];
  session.movedTraffic = true;
  deps.onTrafficMoving?.(session.deployment.id);
  try {
    await deps.router.setWeight(step.weight);
  } catch (error) {
    const message = session.redact(error instanceof Error ? error.message : String(error));
    session.endStep(record, 'router-failed', message);
    const restored = await session.restoreStable();
    await session.status('error', `shipgate: canary stopped: the router could not set ${step.weight}%; ${restored.note}`);
    throw new ShipgateError(`canary stopped at step ${index + 1}/${settings.steps.length}: ${message}; ${restored.note}`);
  }
  session.weight = step.weight;
  const progress = { step: index + 1, steps: settings.steps.length, weight: step.weight, since: isoSeconds(session.now()), ...(by ? { by } : {}) };
  await session.status('in_progress', progressLine(progress, sentence));
  deps.log(`Step ${index + 1}/${settings.steps.length}: ${step.weight}% of traffic on the canary${record.analysed ? `, judged for ${formatDuration(step.pauseMs)}` : ''}`);
  return record;
}

/**
 * canary-step `mode: run`: one production deployment, then each weight in turn, judged poll
 * by poll, until it is promoted at 100 % or stopped.
 */
export async function runCanary(settings: CanarySettings, deps: RolloutDeps): Promise<CanaryOutcome> {
  const running = await openCanary(settings, deps);
  if (running) {
    throw new ShipgateError(`canary deployment ${running.id} of ${running.sha.slice(0, 7)} is still open in ${settings.environment}: two canaries would drive the same router. Let it finish, or roll it back, then run this one; nothing was created and no traffic moved`);
  }
  const session = await startRollout(settings, deps);
  // Two runs started at once both saw none: the older deployment runs, the newer stops unmoved.
  const older = await openCanary(settings, deps, session.deployment.id).catch(() => undefined);
  if (older) {
    await session.status('inactive', `shipgate: canary superseded by deployment ${older.id}, started at the same time`);
    throw new ShipgateError(`canary deployment ${older.id} of ${older.sha.slice(0, 7)} started in ${settings.environment} at the same time: two canaries would drive the same router, so this one (deployment ${session.deployment.id}) stopped before moving any traffic`);
  }
  const judge = createJudge(judgeOptions(settings));
  try {
    let sentence: string | undefined;
    for (let index = 0; index < settings.steps.length; index++) {
      if (deps.signal.aborted) return await session.cancelled();
      const record = await enterStep(session, index, sentence);
      if (!record.analysed) {
        session.endStep(record, 'promoted', 'all traffic on the canary');
        break;
      }
      const end = await watchStep(session, judge, record);
      if (end.kind === 'cancelled') return await session.cancelled();
      if (end.kind === 'abort' || end.kind === 'no-data') return await session.stop(record, end.kind, end.reason);
      session.endStep(record, index === settings.steps.length - 1 ? 'promoted' : 'advanced', end.reason);
      deps.log(`Step ${index + 1}: ${end.reason}`);
      sentence = end.reason;
    }
    return await session.promoted(sentence);
  } catch (error) {
    await session.crashed(error);
    throw error;
  }
}

/** An open canary deployment of this environment (older than `before`, when given). */
async function openCanary(settings: CanarySettings, deps: RolloutDeps, before?: number): Promise<Deployment | undefined> {
  const deployments = await deps.records.listDeployments({ environment: settings.environment, limit: 30 });
  for (const deployment of deployments) {
    if (deployment.payload.shipgate?.kind !== 'canary' || (before !== undefined && deployment.id >= before)) continue;
    const latest = await latestStatus(deps.records, deployment.id);
    if (!latest || ['queued', 'pending', 'in_progress'].includes(latest.state)) return deployment;
  }
  return undefined;
}

async function watchStep(session: RolloutSession, judge: Judge, record: StepRecord): Promise<Exclude<StepEnd, { kind: 'wait' }> | { kind: 'cancelled' }> {
  const { settings, deps } = session;
  const { pauseMs } = settings.steps[record.step - 1] as CanarySettings['steps'][number];
  const stepStarted = session.now();
  const pollMs = (deps.pollMs ?? defaultPollMs)(pauseMs);
  const watch: StepWatch = { record };
  for (;;) {
    await pause(pollMs, deps.signal);
    if (deps.signal.aborted) return { kind: 'cancelled' };
    const reading = await deps.source.read();
    const at = session.now() - session.startedMs;
    if (reading.kind === 'no-data') deps.log(`Step ${record.step}: no data (${reading.reason}); never counted as a pass`);
    session.polls.push(observe(judge, watch, reading.kind === 'data' ? pollOf(reading, record.step, settings) : { noData: reading.reason }, at));
    const end = stepDecision(watch, settings, pauseMs, session.now() - stepStarted);
    if (end.kind !== 'wait') return end;
  }
}
