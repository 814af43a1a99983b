import { createJudge } from '@shipgate/analysis';
import { ShipgateError, formatDuration } from '@shipgate/core';
import type { Deployment, DeploymentStatus } from '@shipgate/records';
import { judgeOptions } from './judge-options';
import { invocationTag, parseProgressLine, progressLine, type Progress } from './progress-line';
import { enterStep } from './rollout';
import { RolloutSession, type RolloutDeps } from './rollout-session';
import { startRollout } from './rollout-start';
import type { CanaryOutcome, CanarySettings } from './rollout-types';
import { observe, pollOf, stepDecision, type StepWatch } from './step-judging';
import { isAnalysed } from './step-plan';

export interface AdvanceOptions {
  /** This invocation, e.g. `<run id>-<attempt>`: the claim that takes a step. */
  runId: string;
  /** A canary untouched this long is reported as stalled. */
  advanceTimeoutMs: number;
  /** false: never start a canary (canary-step `start: false`); see advanceOpenCanary. */
  start?: boolean;
}

export interface AdvanceOutcome extends CanaryOutcome {
  /** Open canaries in the environment that no invocation touched for advance-timeout. */
  stalled: string[];
}

/**
 * A claim older than this is from an invocation that died: it no longer holds the step. An
 * invocation takes seconds; the margin covers a runner clock that differs from GitHub's.
 */
export const CLAIM_TTL_MS = 15 * 60_000;
const OPEN = new Set(['queued', 'pending', 'in_progress']);

interface Line {
  status: DeploymentStatus;
  progress: Progress;
}

const isCanary = (deployment: Pick<Deployment, 'payload'>) => deployment.payload.shipgate?.kind === 'canary';
const createdMs = (status: { createdAt: string }) => Date.parse(status.createdAt);

/**
 * canary-step `mode: advance`: one step per invocation. Everything needed to resume lives in
 * the deployment's own statuses: the step, its weight and start, and every judged poll's
 * counts, replayed into a fresh judge (it is deterministic), so the false-abort bound holds
 * over the whole rollout. A claim status makes two invocations at once take one step.
 */
export async function advanceCanary(settings: CanarySettings, deps: RolloutDeps, options: AdvanceOptions): Promise<AdvanceOutcome> {
  const { records } = deps;
  const now = deps.now ?? Date.now;
  const commit = await records.resolveCommit(settings.sha);
  const stalled = await findStalled(settings, deps, options);
  const existing = (await records.listDeployments({ environment: settings.environment, sha: commit.sha, limit: 20 })).find(isCanary);

  if (!existing && options.start === false) {
    // advanceOpenCanary found this canary a moment ago: its record cannot vanish in between.
    throw new Error(`the open canary of ${commit.sha.slice(0, 7)} in ${settings.environment} is no longer in the records`);
  }
  if (!existing) {
    const session = await startRollout(settings, deps);
    try {
      // Two first invocations at once each create a deployment: the older one is the canary,
      // the newer one closes itself before moving any traffic.
      const twins = (await records.listDeployments({ environment: settings.environment, sha: commit.sha, limit: 20 })).filter(isCanary);
      const older = twins.filter((d) => d.id < session.deployment.id).sort((a, b) => a.id - b.id)[0];
      if (older) {
        await session.status('inactive', `shipgate: canary superseded by deployment ${older.id}, started at the same time`);
        return { ...session.outcome('in-progress', `another invocation started this canary at the same time (deployment ${older.id}); this one changed nothing`, 'inactive'), deploymentId: older.id, stalled };
      }
      const record = await enterStep(session, 0, undefined, invocationTag(options.runId));
      if (!record.analysed) return { ...(await session.promoted()), stalled };
      return { ...session.outcome('in-progress', `step 1/${settings.steps.length}: ${record.weight}% of traffic on the canary; a later invocation judges it after ${formatDuration(settings.steps[0]?.pauseMs ?? 0)}`, 'in_progress'), stalled };
    } catch (error) {
      await session.crashed(error);
      throw error;
    }
  }

  const baselineSha = typeof existing.payload.shipgate?.baseline_sha === 'string' ? existing.payload.shipgate.baseline_sha : undefined;
  const session = new RolloutSession(settings, deps, existing, commit, baselineSha, createdMs(existing));
  const statuses = await records.listStatuses(existing.id);
  const finished = finalOf(statuses);
  if (finished) return { ...(await finishedOutcome(session, finished)), stalled };
  const state = stateLines(statuses);
  const current = state.at(-1);
  if (!current) {
    // Created by an invocation that has not set the first weight yet (or died doing it).
    if (now() - createdMs(existing) < CLAIM_TTL_MS) {
      return { ...session.outcome('in-progress', `another invocation is starting this canary (deployment ${existing.id}); this one changed nothing`, 'in_progress'), stalled };
    }
    throw new ShipgateError(`canary deployment ${existing.id} of ${session.version} has no step recorded; roll it back and start again`, 'mode');
  }

  if (current.progress.steps !== settings.steps.length || !settings.steps[current.progress.step - 1]) {
    throw new ShipgateError(`(${settings.steps.map((s) => s.weight).join(',')}) does not match the running canary's ${current.progress.steps} steps; finish or roll back that canary first`, 'steps');
  }
  // Before claiming anything: the recorded steps must be shipgate's own, and the router must be
  // where they say. A foreign status or a hand-moved router stops here, with nothing moved.
  checkRecordedSteps(existing.id, statuses, settings);
  await checkRouterAgrees(session, current.progress);
  deps.onDeploymentCreated(existing.id);
  try {
    // Claim the step; the oldest live claim after the current state takes it.
    const claimed = await session.status('in_progress', progressLine({ ...headOf(current.progress), claim: options.runId }, 'taking this step'));
    const after = await records.listStatuses(existing.id);
    const finishedMeanwhile = finalOf(after);
    if (finishedMeanwhile) {
      // Our claim may have landed after another invocation's final status: put the final one back on top.
      if (finishedMeanwhile.id < claimed.id) await session.status(finishedMeanwhile.state, finishedMeanwhile.description);
      return { ...(await finishedOutcome(session, finishedMeanwhile)), stalled };
    }
    const newer = stateLines(after).filter((line) => line.status.id > current.status.id);
    const claims = lines(after)
      .filter((line) => line.progress.claim && line.status.id > current.status.id && (line.status.id === claimed.id || now() - createdMs(line.status) < CLAIM_TTL_MS))
      .sort((a, b) => a.status.id - b.status.id);
    if (newer.length > 0 || claims[0]?.progress.claim !== options.runId) {
      const other = newer.length > 0 ? 'another invocation has just taken this step' : `invocation ${claims[0]?.progress.claim ?? '?'} is taking this step`;
      session.stepIndex = current.progress.step - 1;
      session.weight = current.progress.weight;
      return { ...session.outcome('in-progress', `${other}; this one changed nothing (step ${current.progress.step}/${settings.steps.length}, ${current.progress.weight}%)`, 'in_progress'), stalled };
    }
    return { ...(await takeStep(session, state, now, invocationTag(options.runId))), stalled };
  } catch (error) {
    // Traffic this invocation moved goes back to stable; a failure from outside (GitHub, the
    // metric source) before any weight moved leaves the canary for the next invocation.
    if (session.movedTraffic) await session.crashed(error);
    else await leaveAsItWas(session, current.progress, options.runId, error);
    throw error;
  }
}

/**
 * canary-step `mode: advance` with `start: false` (the scheduled canary-advance workflow): the
 * canary is the environment's open one, found in its records, whatever commit the schedule ran
 * on; with none open, nothing happens (undefined). A schedule that started canaries would put
 * main's head into production without the staging gate or the release's approval.
 */
export async function advanceOpenCanary(settings: CanarySettings, deps: RolloutDeps, options: AdvanceOptions): Promise<AdvanceOutcome | undefined> {
  const open = await openCanaries(settings.environment, deps);
  const [newest, ...older] = open;
  if (!newest) return undefined;
  for (const other of older) {
    deps.error(`canary deployment ${other.id} of ${other.sha.slice(0, 7)} is open too; only the newest, deployment ${newest.id} of ${newest.sha.slice(0, 7)}, is advanced: roll the older one back`);
  }
  return advanceCanary({ ...settings, sha: newest.sha }, deps, { ...options, start: false });
}

/** The environment's canaries whose latest status is still open, newest first. */
async function openCanaries(environment: string, deps: RolloutDeps): Promise<Deployment[]> {
  const canaries = (await deps.records.listDeployments({ environment, limit: 30 })).filter(isCanary).slice(0, 10);
  const open: Deployment[] = [];
  for (const deployment of canaries) {
    const [latest] = await deps.records.listStatuses(deployment.id);
    if (latest && OPEN.has(latest.state)) open.push(deployment);
  }
  return open.sort((a, b) => b.id - a.id);
}

/**
 * An invocation that failed before moving any weight: the canary stays at its step for the next
 * invocation. The claim is released (the current step restated after it), best effort.
 */
async function leaveAsItWas(session: RolloutSession, current: Progress, runId: string, error: unknown): Promise<void> {
  const message = session.redact(error instanceof Error ? error.message : String(error));
  session.stepIndex = current.step - 1;
  session.weight = current.weight;
  session.closed = true;
  await session.status('in_progress', progressLine(headOf(current), `released by ${runId}, which moved nothing: ${message}`)).catch(() => undefined);
  const where = `step ${current.step}/${session.settings.steps.length} (${current.weight}% on the canary)`;
  session.deps.log(`Canary deployment ${session.deployment.id} is left as it was at ${where} for the next invocation: this one failed before moving any traffic`);
  session.deps.onFailed?.(session.outcome('in-progress', `left as it was at ${where} for the next invocation, which will judge it: ${message}`, 'in_progress'));
}

/**
 * The recorded steps must be ones shipgate's invocations wrote: they start at step 1, carry the
 * planned weight, and move one step at a time, each move by an invocation that claimed it.
 */
function checkRecordedSteps(deploymentId: number, statuses: readonly DeploymentStatus[], settings: CanarySettings): void {
  const all = lines(statuses);
  let previous: Progress | undefined;
  for (const line of all.filter((l) => !l.progress.claim)) {
    const { step, weight, by } = line.progress;
    const planned = settings.steps[step - 1];
    const claimedBy = (tag: string | undefined) => tag !== undefined && all.some((c) => c.progress.claim !== undefined && invocationTag(c.progress.claim) === tag && c.status.id < line.status.id);
    const problem =
      line.progress.steps !== settings.steps.length || !planned || planned.weight !== weight
        ? `says step ${step}/${line.progress.steps} at ${weight}%, which is not a step of this canary`
        : !previous && step !== 1
          ? `starts at step ${step}`
          : previous && step !== previous.step && step !== previous.step + 1
            ? `jumps from step ${previous.step} to step ${step}`
            : previous && step === previous.step + 1 && !claimedBy(by)
              ? `moves to step ${step} (${weight}%) with no claim by the invocation that would have moved it`
              : undefined;
    if (problem) {
      throw new ShipgateError(
        `canary deployment ${deploymentId} has a status shipgate did not write (status ${line.status.id} ${problem}); nothing was moved. Find out who posts statuses to it, then roll the canary back`,
      );
    }
    previous = line.progress;
  }
}

/** When the router can read back its weight, it must be the recorded step's. */
async function checkRouterAgrees(session: RolloutSession, current: Progress): Promise<void> {
  const inForce = await session.deps.router.getWeight();
  if (inForce === undefined || Math.abs(inForce - current.weight) < 0.5) return;
  throw new ShipgateError(
    `the ${session.deps.router.name} router reports ${inForce}% of traffic on the canary, but canary deployment ${session.deployment.id} records step ${current.step}/${current.steps} at ${current.weight}%; nothing was moved. Find out who changed the router, then set it back to ${current.weight}% or roll the canary back`,
  );
}

/** Replays every recorded poll, reads the metrics since the last one, records it, and decides the step. */
async function takeStep(session: RolloutSession, state: Line[], now: () => number, runId: string): Promise<CanaryOutcome> {
  const { settings, deps } = session;
  const judge = createJudge(judgeOptions(settings));
  let watch: StepWatch | undefined;
  let stepStartMs = session.startedMs;
  // The end of the time already judged: the step's start or its last recorded poll.
  let judgedUntilMs = session.startedMs;
  // One poll per invocation: a retried status POST whose answer was lost lands twice.
  const pollsBy = new Set<string>();
  for (const line of state) {
    const { progress, status } = line;
    if (!watch || watch.record.step !== progress.step) {
      if (watch && !watch.record.verdict) session.endStep(watch.record, 'advanced', watch.last?.reason ?? '');
      const record = session.newStep(progress.step - 1, isAnalysed(settings.steps, progress.step - 1));
      record.startedAt = status.createdAt;
      watch = { record };
      stepStartMs = createdMs(status);
      judgedUntilMs = stepStartMs;
    }
    if (progress.poll) {
      if (progress.by !== undefined) {
        if (pollsBy.has(progress.by)) continue;
        pollsBy.add(progress.by);
      }
      judgedUntilMs = createdMs(status);
      const poll = 'noData' in progress.poll ? { noData: 'no data at that poll' } : { ...progress.poll, step: progress.step };
      session.polls.push(observe(judge, watch, poll, createdMs(status) - session.startedMs));
    }
  }
  const current = state.at(-1) as Line;
  const head = headOf(current.progress);
  const index = head.step - 1;
  const record = (watch as StepWatch).record;
  session.stepIndex = index;
  session.weight = head.weight;
  const step = settings.steps[index] as CanarySettings['steps'][number];
  // The read covers the time since the last recorded poll (or the step's start): Prometheus
  // reads increase() over it; a metrics command counts since its own previous run.
  const coversMs = Math.max(0, now() - judgedUntilMs);
  deps.log(`Reading metrics for the ${formatDuration(coversMs)} since the last recorded poll`);
  await deps.source.start({ coversMs });
  const reading = await deps.source.read();
  const poll = reading.kind === 'data' ? pollOf(reading, head.step, settings) : { noData: reading.reason };
  session.polls.push(observe(judge, watch as StepWatch, poll, now() - session.startedMs));
  const judged = (watch as StepWatch).last;
  const evidence: Progress['poll'] = 'noData' in poll ? { noData: true } : { canary: poll.canary, ...(poll.baseline ? { baseline: poll.baseline } : {}) };
  const sentence = 'noData' in poll ? `no data: ${poll.noData}` : judged?.reason;
  await session.status('in_progress', progressLine({ ...head, poll: evidence, by: runId }, sentence));

  const end = stepDecision(watch as StepWatch, settings, step.pauseMs, now() - stepStartMs);
  if (end.kind === 'abort' || end.kind === 'no-data') return session.stop(record, end.kind, end.reason);
  if (end.kind === 'wait') {
    const waited = formatDuration(now() - stepStartMs);
    return session.outcome('in-progress', `step ${head.step}/${settings.steps.length} at ${head.weight}% for ${waited} of ${formatDuration(step.pauseMs)}: ${sentence ?? 'waiting'}`, 'in_progress');
  }
  session.endStep(record, index === settings.steps.length - 1 ? 'promoted' : 'advanced', end.reason);
  if (index === settings.steps.length - 1) return session.promoted(end.reason);
  const next = await enterStep(session, index + 1, end.reason, runId);
  if (!next.analysed) {
    session.endStep(next, 'promoted', 'all traffic on the canary');
    return session.promoted(end.reason);
  }
  return session.outcome('in-progress', `step ${index + 2}/${settings.steps.length}: ${next.weight}% of traffic on the canary after ${end.reason}`, 'in_progress');
}

function lines(statuses: readonly DeploymentStatus[]): Line[] {
  return [...statuses]
    .filter((status) => status.state === 'in_progress')
    .map((status) => ({ status, progress: parseProgressLine(status.description) }))
    .filter((line): line is Line => line.progress !== undefined)
    .sort((a, b) => a.status.id - b.status.id);
}

/** The step statuses and recorded polls, oldest first (claims left out). */
const stateLines = (statuses: readonly DeploymentStatus[]) => lines(statuses).filter((line) => !line.progress.claim);

/** The final status, when the canary is over (success, failure, error, inactive). */
function finalOf(statuses: readonly DeploymentStatus[]): DeploymentStatus | undefined {
  return [...statuses].sort((a, b) => b.id - a.id).find((status) => !OPEN.has(status.state));
}

const headOf = (progress: Progress): Progress => ({ step: progress.step, steps: progress.steps, weight: progress.weight, since: progress.since });

async function finishedOutcome(session: RolloutSession, final: DeploymentStatus): Promise<CanaryOutcome> {
  const promoted = final.state === 'success';
  session.stepIndex = session.settings.steps.length - 1;
  session.weight = (await session.deps.router.getWeight().catch(() => undefined)) ?? (promoted ? 100 : 0);
  return session.outcome(promoted ? 'promoted' : 'aborted', `this canary already ended at ${final.createdAt}: ${final.description}`, final.state);
}

/** Open canaries in the environment that no invocation touched for advance-timeout. */
async function findStalled(settings: CanarySettings, deps: RolloutDeps, options: AdvanceOptions): Promise<string[]> {
  const now = (deps.now ?? Date.now)();
  const canaries = (await deps.records.listDeployments({ environment: settings.environment, limit: 30 })).filter(isCanary).slice(0, 10);
  const stalled: string[] = [];
  for (const deployment of canaries) {
    const [latest] = await deps.records.listStatuses(deployment.id);
    if (!latest || !OPEN.has(latest.state) || now - createdMs(latest) < options.advanceTimeoutMs) continue;
    const progress = parseProgressLine(latest.description);
    stalled.push(
      `canary deployment ${deployment.id} of ${deployment.sha.slice(0, 7)} has not been advanced since ${latest.createdAt} (longer than advance-timeout ${formatDuration(options.advanceTimeoutMs)})${progress ? `; it is at step ${progress.step}/${progress.steps} with ${progress.weight}% of traffic` : ''}`,
    );
  }
  return stalled;
}
