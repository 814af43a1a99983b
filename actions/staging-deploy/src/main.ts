import { ShipgateError, parseInputs, readRunContext, type ActionIO } from '@shipgate/core';
import { deploy, deploySummary, dryRunPlan, resolveDeploy, type DeployPlan, type DeployResult } from '@shipgate/deploy';
import { openActionRecords, refsFromInput, type DeploymentRecords } from '@shipgate/records';
import { actionNotifier, type Notifier } from '@shipgate/notify';
import { closeLeftOpen, restoreAfterFailedDeploy, rollbackSummary, saveDeploymentHooks } from '@shipgate/rollback';
import { stagingDeployInputs } from './inputs';

// State names are kept from before rollback-on-failure, so a post step reads what main saved.
const SAVED_DEPLOY = { id: 'deployment-id', request: 'deployment-request', output: 'deployment-id' };
const SAVED_ROLLBACK = { id: 'rollback-deployment-id', request: 'rollback-deployment-request', output: 'rollback-deployment-id' };

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(stagingDeployInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const context = readRunContext();
  const notifier = actionNotifier(io, inputs, context);
  const plan: DeployPlan = {
    environment: inputs.environment,
    ref: inputs.ref,
    version: inputs.version,
    command: inputs.command,
    url: inputs.url,
    healthUrl: inputs['health-url'],
    healthTimeoutMs: inputs['health-timeout'],
    commandTimeoutMs: inputs['command-timeout'],
    production: inputs.production,
    transient: inputs.transient,
    logUrl: context.runUrl,
  };
  const records = await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal });
  const resolved = await resolveDeploy(plan, refsFromInput(records, 'ref'));
  io.setOutput('sha', resolved.sha);
  io.setOutput('version', resolved.version);
  io.setOutput('url', plan.url ?? '');
  io.setOutput('previous-sha', resolved.previous?.sha ?? '');
  io.setOutput('previous-deployment-id', resolved.previous?.id ?? '');

  if (inputs['dry-run']) {
    const lines = dryRunPlan(plan, resolved);
    if (inputs['rollback-on-failure']) lines.push(resolved.previous ? `On failure, would roll back to ${resolved.previous.sha} (#${resolved.previous.id})` : 'On failure, nothing to roll back to (no good deployment yet)');
    for (const line of lines) io.info(`[dry-run] ${line}`);
    await io.appendSummary(`### shipgate deploy (dry run)\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
    return;
  }

  // Messages go out while the step works: none is awaited before the deploy or a rollback, and
  // all of them are settled (within the notifier's 5 s for the step) before it ends.
  const about = { environment: plan.environment, version: resolved.version, sha: resolved.sha };
  void notifier.send({ kind: 'deploy-started', ...about });
  try {
    const result = await deploy(plan, resolved, records, { info: io.info, ...saveDeploymentHooks(io, SAVED_DEPLOY), signal: io.signal }).catch((error: unknown) => {
      void notifier.send({ kind: 'deploy-failed', ...about, reason: error instanceof Error ? error.message : String(error) });
      throw error;
    });
    void notifier.send({ kind: result.status === 'success' ? 'deploy-succeeded' : 'deploy-failed', ...about, ...(result.status === 'success' ? {} : { reason: result.reason }) });
    io.setOutput('status', result.status);
    io.setOutput('duration-ms', result.durationMs);
    await io.appendSummary(deploySummary(plan, result, records));
    if (result.status === 'success') {
      io.info(`Deployed ${result.version} to ${plan.environment}`);
      return;
    }
    const failure = `deploy of ${result.version} to ${plan.environment} failed: ${result.detail ?? result.reason}`;
    // A cancelled deploy (error) is not rolled back: the job is being stopped.
    if (result.status === 'failure' && inputs['rollback-on-failure']) throw new ShipgateError(await rollBack(io, plan, result, records, failure, notifier));
    throw new ShipgateError(failure);
  } finally {
    await notifier.settle();
  }
}

/** rollback-on-failure: one attempt to restore the previous good version; returns the step's error line. */
async function rollBack(io: ActionIO, plan: DeployPlan, failed: DeployResult, records: DeploymentRecords, failure: string, notifier: Notifier): Promise<string> {
  if (!failed.previousDeploymentId) return `${failure}; nothing was rolled back: ${plan.environment} has no earlier good deployment`;
  const restore = await restoreAfterFailedDeploy(
    records,
    // The failure's record-safe reason: it becomes the rollback's payload reason and statuses.
    { environment: plan.environment, deploymentId: failed.deploymentId, version: failed.version, reason: failed.reason, previousDeploymentId: failed.previousDeploymentId },
    { command: plan.command, healthUrl: plan.healthUrl, healthTimeoutMs: plan.healthTimeoutMs, commandTimeoutMs: plan.commandTimeoutMs, actor: readRunContext().actor, logUrl: plan.logUrl },
    { info: io.info, warning: io.warning, ...saveDeploymentHooks(io, SAVED_ROLLBACK), signal: io.signal },
  );
  if ('nothingToRestore' in restore) return `${failure}; ${restore.nothingToRestore}`;
  const { selection, plan: rollbackPlan, result } = restore;
  await io.appendSummary(rollbackSummary(selection, rollbackPlan, result, records));
  const target = `${selection.target.version} (${selection.target.sha.slice(0, 7)})`;
  const rolledBackOrNot = result.status === 'success' ? 'rollback-succeeded' : 'rollback-failed';
  void notifier.send({ kind: rolledBackOrNot, environment: plan.environment, version: selection.target.version, sha: selection.target.sha, from: { version: failed.version, sha: failed.sha }, reason: result.status === 'success' ? `the deploy of ${failed.version} failed: ${failed.reason}` : result.reason });
  if (result.status !== 'success') return `${failure}; the rollback to ${target} failed too (deployment #${result.deploymentId}, not retried): ${result.detail ?? result.reason}`;
  io.setOutput('rolled-back-to', selection.target.sha);
  const rolledBack = `${failure}; rolled back to ${target} in ${result.durationMs} ms (deployment #${result.deploymentId})`;
  return result.quarantineProblem ? `${rolledBack}; ${result.quarantineProblem}` : rolledBack;
}

/**
 * Closes what the main step left open (job cancelled or crashed) as `error`: the deployment and
 * any rollback of it, also one whose create was still in flight, found by its marker.
 */
export async function post(io: ActionIO): Promise<void> {
  const token = io.input('github-token');
  if (token) io.setSecret(token);
  const logUrl = readRunContext().runUrl;
  let records: Promise<DeploymentRecords> | undefined;
  const open = () => (records ??= openActionRecords(token, io.warning));
  const left = [
    { kind: 'deploy', ...SAVED_DEPLOY },
    { kind: 'rollback', ...SAVED_ROLLBACK },
  ];
  for (const { kind, id, request } of left) {
    const closed = await closeLeftOpen(open, { id: io.getState(id), request: io.getState(request) }, { description: `shipgate: the job ended before the ${kind} finished (cancelled?)`, logUrl });
    if (closed) io.warning(`Deployment ${closed} was still open when the job ended; marked it error`);
  }
}

// Hoisted like every import; kept beside run() so the entry shape is one block.
import { runAction } from '@shipgate/core';

/** The entry (src/index.ts) and @github/local-action both start the action here. */
export async function run(): Promise<void> {
  await runAction('staging-deploy', { main, post });
}
