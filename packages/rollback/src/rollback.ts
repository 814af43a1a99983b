import { commandFailure, describeFailureForLog, formatDuration, isShipgateError, runCommand, substitutePlaceholders, type RunCommandOptions } from '@shipgate/core';
import { fitDescription, newRequestMarker, type DeploymentRecords, type DeploymentRequest } from '@shipgate/records';
import { ROLLED_BACK_PREFIX } from '@shipgate/gate';
import type { TrafficRouter } from '@shipgate/traffic';
import type { RollbackSelection } from './target';

export interface RollbackPlan {
  /** Redeploy command template; placeholders `{sha}` `{version}` `{environment}` `{ref}` are the target's. */
  command?: string[];
  /** Traffic back to stable, through `steps` (ending at 0). */
  router?: TrafficRouter;
  steps: number[];
  healthUrl?: string;
  healthTimeoutMs: number;
  commandTimeoutMs: number;
  /** One line, recorded on both deployments. */
  reason: string;
  /** Who triggered it (GITHUB_ACTOR), recorded in the payload. */
  actor?: string;
  logUrl?: string;
}

export interface RollbackHooks {
  info(message: string): void;
  /** A warning for the step's log (e.g. a recorded version that could not be used). */
  warning?(message: string): void;
  /** Called just before the rollback deployment is requested, so a post step can find it by its marker. */
  beforeCreate?(request: DeploymentRequest): void;
  onDeploymentCreated(id: number): void;
  signal: AbortSignal;
  commandOutput?: Pick<RunCommandOptions, 'stdout' | 'stderr'>;
}

export interface RollbackResult {
  status: 'success' | 'failure' | 'error';
  /** The new rollback deployment. */
  deploymentId: number;
  /** Trigger to restored and verified (or to the failure). */
  durationMs: number;
  /**
   * One line: what was restored, or why it was not. It goes into deployment statuses and the
   * summary, so it never holds a command's or router's output.
   */
  reason: string;
  /** The reason with what the failing command or router printed last, for the step's `::error::` line only. */
  detail?: string;
  /** What ran, in order, one line each. */
  ran: string[];
  /** The canary weight in force at the end, as the router reads it back (undefined: no router, or it cannot tell). */
  weightNow?: number;
  /** Deployments marked `failure` "shipgate: rolled back: …" (empty unless the rollback succeeded). */
  quarantined: number[];
  /**
   * Set when the restore succeeded but marking a rolled-back deployment failed (GitHub refused
   * or failed the call): one line saying what is still to be marked, and how.
   */
  quarantineProblem?: string;
}

/**
 * Creates the rollback deployment, moves traffic back and/or redeploys the target, verifies
 * health, and only then marks the bad deployment (and open canaries) `failure` with the
 * "rolled back" description the gate's quarantine reads. A rollback that fails leaves its own
 * record `failure` and changes nothing else; it is never retried.
 * `startedAt` is when the rollback was triggered (Date.now() at the step's start).
 */
export async function executeRollback(
  selection: RollbackSelection,
  plan: RollbackPlan,
  records: DeploymentRecords,
  hooks: RollbackHooks,
  startedAt: number,
): Promise<RollbackResult> {
  const { environment, from, target } = selection;
  const request: DeploymentRequest = { marker: newRequestMarker(), environment, sha: target.sha };
  hooks.beforeCreate?.(request);
  const deployment = await records.createDeployment({
    sha: target.sha,
    environment,
    description: `shipgate: rollback to ${target.version}`,
    payload: {
      kind: 'rollback',
      version: target.version,
      ref: target.sha,
      ...(target.tree ? { tree: target.tree } : {}),
      rolled_back_from: from.sha,
      ...(selection.fromTree ? { rolled_back_tree: selection.fromTree } : {}),
      rolled_back_deployment: from.id,
      reason: plan.reason,
      ...(plan.actor ? { triggered_by: plan.actor } : {}),
      request: request.marker,
    },
    productionEnvironment: from.productionEnvironment,
    transientEnvironment: from.transientEnvironment,
  });
  hooks.onDeploymentCreated(deployment.id);
  const ran: string[] = [];
  let weightNow: number | undefined;
  const finish = async (status: RollbackResult['status'], reason: string, detail?: string): Promise<RollbackResult> => {
    const durationMs = Date.now() - startedAt;
    await records.addStatus(deployment.id, {
      state: status,
      description: fitDescription(status === 'success' ? `shipgate: rolled back to ${target.version} from ${from.sha.slice(0, 7)}` : `shipgate: rollback failed: ${reason}`),
      logUrl: plan.logUrl,
      ...(status === 'success' && target.environmentUrl ? { environmentUrl: target.environmentUrl } : {}),
    });
    const done = { status, deploymentId: deployment.id, durationMs, reason, ...(detail ? { detail } : {}), ran, weightNow };
    return status === 'success' ? { ...done, ...(await quarantine(selection, plan, records)) } : { ...done, quarantined: [] };
  };

  await records.addStatus(deployment.id, { state: 'in_progress', description: fitDescription(`shipgate: rolling back to ${target.version}: ${plan.reason}`), logUrl: plan.logUrl });
  hooks.info(`Rollback deployment ${deployment.id}: ${environment} from ${from.sha.slice(0, 7)} (#${from.id}) to ${target.sha.slice(0, 7)} (${target.version})`);

  const checkHealth = async (when: string): Promise<string | undefined> => {
    if (!plan.healthUrl) return undefined;
    // Loaded on demand, as in the deploy: the probe package is large and most steps never need it.
    const { waitUntilHealthy } = await import('@shipgate/probe');
    const health = await waitUntilHealthy(plan.healthUrl, { timeoutMs: plan.healthTimeoutMs, signal: hooks.signal });
    if (hooks.signal.aborted) return 'cancelled during the health check';
    if (!health.ok) return `health check failed ${when}: ${plan.healthUrl} not 2xx within ${formatDuration(plan.healthTimeoutMs)} (last: ${health.detail})`;
    ran.push(`health check ${when}: ${plan.healthUrl} healthy after ${health.attempts} attempt(s)`);
    return undefined;
  };

  // What is being done, for the record when a router refuses: its message may quote a command's output.
  let attempting = 'the rollback';
  try {
    if (plan.router) {
      for (const weight of plan.steps) {
        if (hooks.signal.aborted) return await finish('error', `cancelled with the canary weight at ${describeWeight(weightNow)}`);
        attempting = `the ${plan.router.name} router setting the canary weight to ${weight}%`;
        await plan.router.setWeight(weight);
        weightNow = weight;
        ran.push(`${plan.router.name} router: canary weight ${weight}%`);
        hooks.info(`Canary weight ${weight}%`);
        const unhealthy = await checkHealth(`at canary weight ${weight}%`);
        if (unhealthy) return await finish(hooks.signal.aborted ? 'error' : 'failure', `${unhealthy}; traffic left at ${weight}% canary`);
      }
    }
    if (plan.command) {
      const argv = substitutePlaceholders(plan.command, { sha: target.sha, ref: target.sha, version: target.version, environment });
      hooks.info(`Redeploying ${target.version}: running ${JSON.stringify(argv)}`);
      attempting = `the redeploy of ${target.version}`;
      const result = await runCommand(argv, { timeoutMs: plan.commandTimeoutMs, signal: hooks.signal, ...hooks.commandOutput });
      if (hooks.signal.aborted) return await finish('error', 'cancelled while the redeploy command was running');
      const problem = commandFailure(result, plan.commandTimeoutMs, formatDuration);
      if (problem) return await finish('failure', `redeploy of ${target.version} failed: ${problem.reason} (see the job log)`, `redeploy of ${target.version} failed: ${describeFailureForLog(problem)}`);
      ran.push(`redeploy command ${JSON.stringify(argv)} (${formatDuration(result.durationMs)})`);
      const unhealthy = await checkHealth('after the redeploy');
      if (unhealthy) return await finish(hooks.signal.aborted ? 'error' : 'failure', unhealthy);
    }
  } catch (error) {
    const inForce = plan.router ? `; the canary weight last set was ${describeWeight(weightNow)}` : '';
    // A cancel that interrupts the router (its set-weight command killed, its request aborted)
    // is a cancel, recorded `error` like every other cancel — not the router refusing.
    if (hooks.signal.aborted) {
      return await finish('error', `cancelled during ${attempting}${inForce}`, `cancelled during ${attempting}${inForce}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // A router that refused the weight is a user-facing failure. Its message (which may quote the
    // set-weight command's output) goes to the step's error line, not into the records.
    if (isShipgateError(error)) {
      return await finish('failure', `${attempting} failed${inForce} (see the job log)`, error.message);
    }
    await finish('error', 'shipgate failed unexpectedly during the rollback (see the log)');
    throw error;
  }
  if (plan.router) weightNow = (await plan.router.getWeight().catch(() => undefined)) ?? weightNow;
  return finish('success', `${environment} restored to ${target.version} (${target.sha.slice(0, 7)})`);
}

const describeWeight = (weight: number | undefined) => (weight === undefined ? 'where it was' : `${weight}%`);

/**
 * Marks what was rolled back `failure` "shipgate: rolled back: <reason>" — the record
 * staging-gate-check's quarantine reads. Runs after the restore succeeded: GitHub refusing or
 * failing a mark must not turn that success into a failure, so it is reported with what is
 * still to be marked by hand.
 */
async function quarantine(selection: RollbackSelection, plan: RollbackPlan, records: DeploymentRecords): Promise<Pick<RollbackResult, 'quarantined' | 'quarantineProblem'>> {
  const description = fitDescription(`${ROLLED_BACK_PREFIX}: ${plan.reason}`);
  const toMark = [selection.from, ...selection.openCanaries];
  const quarantined: number[] = [];
  for (const deployment of toMark) {
    try {
      await records.addStatus(deployment.id, { state: 'failure', description, logUrl: plan.logUrl });
    } catch (error) {
      if (!isShipgateError(error)) throw error;
      const left = toMark.filter((d) => !quarantined.includes(d.id)).map((d) => `#${d.id}`);
      return {
        quarantined,
        quarantineProblem:
          `the restore succeeded, but marking the rolled-back deployment(s) failed: ${error.message}. ` +
          `Until ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} marked state failure with the description "${description}" (by hand, or with gh api), staging-gate-check does not know ${selection.from.sha.slice(0, 7)} was rolled back`,
      };
    }
    quarantined.push(deployment.id);
  }
  return { quarantined };
}
