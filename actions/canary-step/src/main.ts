import { mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShipgateError, createRedactor, parseInputs, readRunContext, type ActionIO, type RecordsPlace } from '@shipgate/core';
import { advanceCanary, advanceOpenCanary, canaryReport, canarySummary, closeAfterJobEnded, describePlan, runCanary, type CanaryOutcome } from '@shipgate/canary';
import { createMetricSource } from '@shipgate/metrics';
import { actionNotifier, canaryEvent } from '@shipgate/notify';
import { openActionRecords, refsFromInput } from '@shipgate/records';
import { createRouter } from '@shipgate/traffic';
import { canaryStepInputs } from './inputs';
import { canarySettings } from './settings';

const STATE_DEPLOYMENT_ID = 'deployment-id';
/** `mode: advance` left the canary in progress on purpose: the post step must not roll it back. */
const STATE_LEFT_IN_PROGRESS = 'left-in-progress';
/** Bound on each router command or socket call, and on each metric query, probe or command. */
const ROUTER_TIMEOUT_MS = 60_000;
const METRICS_TIMEOUT_MS = 30_000;

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(canaryStepInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const context = readRunContext();
  const settings = canarySettings(inputs, context.runUrl);
  const notifier = actionNotifier(io, inputs, context);
  // Each builds from its own inputs and names the one that is wrong, before anything moves.
  const router = createRouter(inputs.router, io.input, { timeoutMs: ROUTER_TIMEOUT_MS, log: io.info });
  const source = createMetricSource(io.input, { timeoutMs: METRICS_TIMEOUT_MS, log: io.info, signal: io.signal });
  for (const secret of source.secrets) io.setSecret(secret);
  if (inputs.strategy === 'blue-green' && source.name !== 'probe') {
    throw new ShipgateError(`is required for strategy: blue-green: the new version is checked on its own URL at 0 % before it takes any traffic (the ${source.name} source sees only production traffic)`, 'canary-url');
  }
  if (inputs.mode === 'advance' && source.name === 'probe') {
    throw new ShipgateError("'advance' needs prometheus-url or metrics-command: the probe source measures only while a job runs, not during the pauses between invocations", 'mode');
  }
  if (inputs.mode === 'advance' && source.name === 'prometheus' && !io.input('slow-threshold')) {
    throw new ShipgateError("is required with mode: advance and prometheus-url (e.g. 250ms): the latency cut must stay the same across invocations", 'slow-threshold');
  }
  if (inputs['dry-run']) {
    io.info(`[dry-run] canary of ${settings.sha} in ${settings.environment}: ${describePlan(settings.steps)}, router ${router.name}, metrics ${source.name}`);
    return;
  }
  const records = refsFromInput(await openActionRecords(inputs['github-token'], io.warning), 'sha');
  const advance = inputs.mode === 'advance';
  let failed: CanaryOutcome | undefined;
  // Which invocation sends the ending message. mode: run, the one that started the rollout —
  // also when GitHub refused its final status. mode: advance runs on every poll: the one that
  // moved traffic or recorded (or tried to record) the end; a later invocation that finds the
  // canary ended sends nothing again.
  let startedHere: { sha: string; version: string } | undefined;
  let movedHere = false;
  let closedHere = false;
  const notifyEnd = (ended: CanaryOutcome) => {
    const drove = advance ? movedHere || closedHere : startedHere !== undefined || closedHere;
    const event = drove ? canaryEvent(ended) : undefined;
    if (event) void notifier.send({ ...event, reason: event.reason && createRedactor(deps.secrets, { minLength: 3 })(event.reason) });
  };
  const deps = {
    records,
    router,
    source,
    log: io.info,
    error: io.warning,
    signal: io.signal,
    secrets: [...source.secrets, ...(inputs['github-token'] ? [inputs['github-token']] : [])],
    onDeploymentCreated: (id: number) => {
      // mode: run moves traffic right away; mode: advance arms the post step only once this
      // invocation moves traffic (README "When an invocation fails").
      if (!advance) io.saveState(STATE_DEPLOYMENT_ID, String(id));
      io.setOutput('deployment-id', id);
    },
    onTrafficMoving: (id: number) => {
      movedHere = true;
      io.saveState(STATE_DEPLOYMENT_ID, String(id));
    },
    onFailed: (outcome: CanaryOutcome) => {
      failed = outcome;
    },
    onRolloutStarted: (started: { sha: string; version: string }) => {
      startedHere = started;
      void notifier.send({ kind: 'canary-started', environment: settings.environment, ...started });
    },
    onClosed: () => {
      closedHere = true;
    },
  };
  // No message is awaited before traffic moves: they go out meanwhile and are settled at the end.
  try {
    let outcome: CanaryOutcome;
    try {
      if (advance) {
        const runId = context.runId ? `${context.runId}-${context.runAttempt ?? '1'}` : `local-${process.pid}-${Date.now()}`;
        const options = { runId, advanceTimeoutMs: inputs['advance-timeout'] };
        const advanced = inputs.start ? await advanceCanary(settings, deps, options) : await advanceOpenCanary(settings, deps, options);
        if (!advanced) {
          // start: false never starts a canary: with none open there is nothing to do.
          io.info(`No canary is open in ${settings.environment}: nothing to advance (start: false never starts one)`);
          io.setOutput('decision', 'none');
          return;
        }
        for (const stalled of advanced.stalled) io.warning(`stalled canary: ${stalled}`);
        outcome = advanced;
      } else {
        outcome = await runCanary(settings, deps);
      }
    } catch (error) {
      // Whatever ended the rollout, the outputs, report and summary say where it got to.
      if (failed) await publish(io, failed, records, deps.secrets).catch((problem: unknown) => io.warning(`could not write the canary summary: ${String(problem)}`));
      if (failed) notifyEnd(failed);
      else if (startedHere && !advance) {
        // Stopped before any step (e.g. superseded by a canary started at the same time): "started" gets its end.
        const reason = createRedactor(deps.secrets, { minLength: 3 })(error instanceof Error ? error.message : String(error));
        void notifier.send({ kind: 'canary-aborted', environment: settings.environment, ...startedHere, reason });
      }
      throw error;
    } finally {
      await source.close();
    }
    notifyEnd(outcome);
    if (outcome.decision === 'in-progress') io.saveState(STATE_LEFT_IN_PROGRESS, 'true');
    await publish(io, outcome, records, deps.secrets);
    if (outcome.decision === 'aborted') throw new ShipgateError(`canary ${outcome.version}: ${outcome.reason}`);
    io.info(`Canary ${outcome.version} in ${outcome.environment}: ${outcome.reason}`);
  } finally {
    await notifier.settle();
  }
}

/** The outputs, the JSON report and the job summary of a rollout, however it ended. */
async function publish(io: ActionIO, rawOutcome: CanaryOutcome, records: RecordsPlace, secrets: readonly string[]): Promise<void> {
  // A server's error text (Prometheus, a command) may echo a credential: never in outputs, report or summary.
  const redact = createRedactor(secrets, { minLength: 3 });
  const outcome: CanaryOutcome = {
    ...rawOutcome,
    reason: redact(rawOutcome.reason),
    steps: rawOutcome.steps.map((step) => (step.reason === undefined ? step : { ...step, reason: redact(step.reason) })),
  };
  // RUNNER_TEMP is this job's own; elsewhere (the CLI) a fresh private directory, never a name
  // in the shared /tmp that another user could plant a symbolic link at. Written then renamed:
  // a link at the final name is replaced, not followed.
  const dir = process.env.RUNNER_TEMP || mkdtempSync(join(tmpdir(), 'shipgate-canary-'));
  const reportPath = join(dir, `shipgate-canary-${outcome.deploymentId}.json`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${reportPath}.${process.pid}.tmp`, canaryReport(outcome), { flag: 'wx' });
  renameSync(`${reportPath}.${process.pid}.tmp`, reportPath);
  io.setOutput('deployment-id', outcome.deploymentId);
  io.setOutput('sha', outcome.sha);
  io.setOutput('decision', outcome.decision);
  io.setOutput('weight', outcome.weight);
  io.setOutput('step', `${outcome.step}/${outcome.stepCount}`);
  io.setOutput('reason', outcome.reason);
  io.setOutput('report', reportPath);
  await io.appendSummary(canarySummary(outcome, records, reportPath));
}

/** The job ended mid-canary (cancelled, crashed): traffic back on stable, deployment `error`. */
export async function post(io: ActionIO): Promise<void> {
  const id = Number(io.getState(STATE_DEPLOYMENT_ID));
  if (!id || io.getState(STATE_LEFT_IN_PROGRESS) === 'true') return;
  const token = io.input('github-token');
  if (token) io.setSecret(token);
  const router = createRouter(io.input('router'), io.input, { timeoutMs: ROUTER_TIMEOUT_MS, log: io.info });
  const records = await openActionRecords(token, io.warning);
  const closed = await closeAfterJobEnded(records, id, router, { log: io.info, error: io.warning, logUrl: readRunContext().runUrl });
  if (!closed.wasOpen) return;
  if (!closed.trafficSafe) throw new ShipgateError(`deployment ${id}: ${closed.description ?? ''}`);
  io.warning(`Canary deployment ${id} was still in progress when the job ended: traffic is back on stable and the deployment is marked error`);
}

// Hoisted like every import; kept beside run() so the entry shape is one block.
import { runAction } from '@shipgate/core';

/** The entry (src/index.ts) and @github/local-action both start the action here. */
export async function run(): Promise<void> {
  await runAction('canary-step', { main, post });
}
