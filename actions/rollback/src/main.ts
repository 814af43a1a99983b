import { ShipgateError, parseInputs, readRunContext, type ActionIO } from '@shipgate/core';
import { openActionRecords, refsFromInput } from '@shipgate/records';
import { actionNotifier } from '@shipgate/notify';
import { closeLeftOpen, executeRollback, rollbackDryRun, rollbackSummary, saveDeploymentHooks, selectRollback, type RollbackPlan } from '@shipgate/rollback';
import { createRouter } from '@shipgate/traffic';
import { rollbackInputs } from './inputs';

const SAVED = { id: 'rollback-deployment-id', request: 'rollback-deployment-request', output: 'deployment-id' };
/** Bound on each router call (a command, a reload, a socket exchange). */
const ROUTER_TIMEOUT_MS = 60_000;

export async function main(io: ActionIO): Promise<void> {
  const startedAt = Date.now();
  const inputs = parseInputs(rollbackInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const context = readRunContext();
  const notifier = actionNotifier(io, inputs, context);
  // `router` may be left out when set-weight-command says which router is meant.
  const routerName = inputs.router ?? (io.input('set-weight-command') ? 'command' : undefined);
  if (!inputs.command && !routerName) {
    throw new ShipgateError('is empty and no router is set: a rollback needs a redeploy command, a router (set-weight-command, or router: nginx / haproxy with their inputs), or both', 'command');
  }
  const router = routerName ? createRouter(routerName, io.input, { timeoutMs: ROUTER_TIMEOUT_MS, log: io.info, signal: io.signal }) : undefined;
  if (!router && inputs.steps.join(',') !== '0') io.warning('steps is ignored: no router is set, so no traffic is moved');
  const actor = context.actor ?? process.env.USER;
  const plan: RollbackPlan = {
    command: inputs.command,
    router,
    steps: inputs.steps,
    healthUrl: inputs['health-url'],
    healthTimeoutMs: inputs['health-timeout'],
    commandTimeoutMs: inputs['command-timeout'],
    reason: inputs.reason ?? `no reason given (rolled back by ${actor ?? 'an unknown user'})`,
    actor,
    logUrl: context.runUrl,
  };

  const records = await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal });
  const selection = await selectRollback(refsFromInput(records, 'to'), { environment: inputs.environment, to: inputs.to, force: inputs.force, expectFrom: inputs['expect-from'] });
  for (const warning of selection.warnings) io.warning(warning);
  io.info(`Rolling back ${selection.environment} from ${selection.from.sha} to ${selection.target.sha}: ${selection.why}`);
  io.setOutput('rolled-back-from', selection.from.sha);
  io.setOutput('rolled-back-to', selection.target.sha);

  if (inputs['dry-run']) {
    const lines = rollbackDryRun(selection, plan);
    for (const line of lines) io.info(`[dry-run] ${line}`);
    await io.appendSummary(`### shipgate rollback (dry run)\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
    return;
  }

  // Messages go out while the rollback runs: none is awaited before it, all are settled (within
  // the notifier's 5 s for the step) before the step ends.
  const about = { environment: selection.environment, version: selection.target.version, sha: selection.target.sha, from: { version: selection.from.payload.shipgate?.version ?? selection.from.sha.slice(0, 7), sha: selection.from.sha } };
  void notifier.send({ kind: 'rollback-started', ...about, reason: plan.reason });
  try {
    const result = await executeRollback(selection, plan, records, { info: io.info, ...saveDeploymentHooks(io, SAVED), signal: io.signal }, startedAt).catch((error: unknown) => {
      void notifier.send({ kind: 'rollback-failed', ...about, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    });
    void notifier.send({ kind: result.status === 'success' ? 'rollback-succeeded' : 'rollback-failed', ...about, reason: result.status === 'success' ? plan.reason : result.reason });
    io.setOutput('status', result.status);
    io.setOutput('duration-ms', result.durationMs);
    await io.appendSummary(rollbackSummary(selection, plan, result, records));
    if (result.status !== 'success') {
      throw new ShipgateError(`rollback of ${selection.environment} to ${selection.target.version} failed: ${result.detail ?? result.reason}; deployment #${result.deploymentId} is marked ${result.status}, #${selection.from.id} was left as it was`);
    }
    if (result.quarantineProblem) {
      throw new ShipgateError(`${selection.environment} was rolled back to ${selection.target.version} (deployment #${result.deploymentId} succeeded, in ${result.durationMs} ms); ${result.quarantineProblem}`);
    }
    io.info(`Rolled back ${selection.environment} to ${selection.target.version} in ${result.durationMs} ms`);
  } finally {
    await notifier.settle();
  }
}

/** Closes a rollback deployment the main step left open (job cancelled or crashed) as `error`. Traffic is left where it is. */
export async function post(io: ActionIO): Promise<void> {
  const token = io.input('github-token');
  if (token) io.setSecret(token);
  const closed = await closeLeftOpen(
    () => openActionRecords(token, io.warning),
    { id: io.getState(SAVED.id), request: io.getState(SAVED.request) },
    { description: 'shipgate: the job ended before the rollback finished (cancelled?)', logUrl: readRunContext().runUrl },
  );
  if (closed) io.warning(`Rollback deployment ${closed} was still open when the job ended; marked it error`);
}

// Hoisted like every import; kept beside run() so the entry shape is one block.
import { runAction } from '@shipgate/core';

/** The entry (src/index.ts) and @github/local-action both start the action here. */
export async function run(): Promise<void> {
  await runAction('rollback', { main, post });
}
