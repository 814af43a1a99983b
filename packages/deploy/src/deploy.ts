import { ShipgateError, commandFailure, describeFailureForLog, formatDuration, runCommand, substitutePlaceholders, type RunCommandOptions } from '@shipgate/core';
import { findLastGoodDeployment, newRequestMarker, type DeploymentRecords, type DeploymentRequest } from '@shipgate/records';

export interface DeployPlan {
  environment: string;
  /** What the user asked for: a sha, branch or tag. */
  ref: string;
  /** Empty: the short sha. */
  version?: string;
  /** Split command template; placeholders are filled in after splitting. */
  command: string[];
  url?: string;
  healthUrl?: string;
  healthTimeoutMs: number;
  commandTimeoutMs: number;
  production: boolean;
  transient: boolean;
  /** Link to the run's log, recorded on every status. */
  logUrl?: string;
}

export interface DeployResult {
  status: 'success' | 'failure' | 'error';
  deploymentId: number;
  sha: string;
  version: string;
  url?: string;
  previousSha?: string;
  previousDeploymentId?: number;
  durationMs: number;
  /**
   * One line: why it failed, or what happened. It goes into the deployment's status, a
   * rollback's reason and the summary, so it never holds the command's output.
   */
  reason: string;
  /** The reason with the command's last output line, for the step's `::error::` line only (the runner masks secrets there). */
  detail?: string;
  argv: string[];
}

export interface DeployHooks {
  info(message: string): void;
  /**
   * Called just before the deployment is requested, with the marker it will carry: if the job
   * is cancelled while the request is in flight, a post step can still find and close it.
   */
  beforeCreate?(request: DeploymentRequest): void;
  /** Called as soon as the deployment exists, so a post step can close it if the job dies. */
  onDeploymentCreated(id: number): void;
  signal: AbortSignal;
  commandOutput?: Pick<RunCommandOptions, 'stdout' | 'stderr'>;
}

/** Everything known before anything is changed; shown by dry-run and used by the deploy. */
export interface ResolvedDeploy {
  sha: string;
  tree?: string;
  version: string;
  argv: string[];
  previous?: { sha: string; id: number };
}

export async function resolveDeploy(plan: DeployPlan, records: DeploymentRecords): Promise<ResolvedDeploy> {
  const commit = await records.resolveCommit(plan.ref);
  const version = plan.version || commit.sha.slice(0, 7);
  const previous = await findLastGoodDeployment(records, plan.environment);
  const argv = substitutePlaceholders(plan.command, { sha: commit.sha, ref: plan.ref, version, environment: plan.environment });
  return {
    sha: commit.sha,
    tree: commit.tree,
    version,
    argv,
    previous: previous && { sha: previous.deployment.sha, id: previous.deployment.id },
  };
}

/**
 * Deployment → in_progress → command → health wait → success | failure | error (cancelled).
 * Every path that created a deployment ends with a final status on it.
 */
export async function deploy(plan: DeployPlan, resolved: ResolvedDeploy, records: DeploymentRecords, hooks: DeployHooks): Promise<DeployResult> {
  const started = Date.now();
  const { sha, version, argv } = resolved;
  // Cancelled while resolving: nothing exists yet, so nothing is recorded or run.
  if (hooks.signal.aborted) throw new ShipgateError('cancelled before the deployment was created; nothing was deployed');
  const request: DeploymentRequest = { marker: newRequestMarker(), environment: plan.environment, sha };
  hooks.beforeCreate?.(request);
  const deployment = await records.createDeployment({
    sha,
    environment: plan.environment,
    description: `shipgate: deploy ${version}`,
    payload: { kind: 'deploy', version, ref: plan.ref, request: request.marker, ...(resolved.tree ? { tree: resolved.tree } : {}) },
    productionEnvironment: plan.production,
    transientEnvironment: plan.transient,
  });
  hooks.onDeploymentCreated(deployment.id);
  const base = {
    deploymentId: deployment.id,
    sha,
    version,
    url: plan.url,
    previousSha: resolved.previous?.sha,
    previousDeploymentId: resolved.previous?.id,
    argv,
  };
  const finish = async (status: DeployResult['status'], reason: string, detail?: string): Promise<DeployResult> => {
    await records.addStatus(deployment.id, {
      state: status,
      description: status === 'success' ? `shipgate: ${version} deployed` : `shipgate: ${reason}`,
      logUrl: plan.logUrl,
      ...(status === 'success' && plan.url ? { environmentUrl: plan.url } : {}),
    });
    return { ...base, status, reason, ...(detail ? { detail } : {}), durationMs: Date.now() - started };
  };

  await records.addStatus(deployment.id, { state: 'in_progress', description: `shipgate: deploying ${version}`, logUrl: plan.logUrl });
  hooks.info(`Deployment ${deployment.id} of ${sha.slice(0, 7)} (${version}) to ${plan.environment}: running ${JSON.stringify(argv)}`);

  const result = await runCommand(argv, { timeoutMs: plan.commandTimeoutMs, signal: hooks.signal, ...hooks.commandOutput });
  if (hooks.signal.aborted) return finish('error', 'cancelled while the deploy command was running');
  const commandProblem = commandFailure(result, plan.commandTimeoutMs, formatDuration);
  if (commandProblem) return finish('failure', `${commandProblem.reason} (see the job log)`, describeFailureForLog(commandProblem));
  hooks.info(`Command finished in ${formatDuration(result.durationMs)}`);

  if (plan.healthUrl) {
    hooks.info(`Waiting up to ${formatDuration(plan.healthTimeoutMs)} for ${plan.healthUrl} to answer 2xx`);
    // Loaded on demand: the probe package carries the HTTP load engine, which a deploy without
    // a health URL (and every input error) should not pay for at start-up.
    const { waitUntilHealthy } = await import('@shipgate/probe');
    const health = await waitUntilHealthy(plan.healthUrl, { timeoutMs: plan.healthTimeoutMs, signal: hooks.signal });
    if (hooks.signal.aborted) return finish('error', 'cancelled during the health wait');
    if (!health.ok) {
      return finish('failure', `health check failed: ${plan.healthUrl} not 2xx within ${formatDuration(plan.healthTimeoutMs)} (last: ${health.detail})`);
    }
    hooks.info(`Healthy after ${health.attempts} attempt(s), ${formatDuration(health.elapsedMs)}`);
  }
  return finish('success', `${version} deployed to ${plan.environment}`);
}
