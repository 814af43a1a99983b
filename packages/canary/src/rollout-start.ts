import { ShipgateError } from '@shipgate/core';
import { findLastGoodDeployment } from '@shipgate/records';
import { RolloutSession, type RolloutDeps } from './rollout-session';
import type { CanarySettings } from './rollout-types';

/**
 * Creates the canary's production deployment (payload kind `canary`: steps, the baseline sha =
 * the environment's last good deployment). The router is asked for its weight and the metric
 * source starts first, at 0 % canary: a wrong router name or a query Prometheus cannot parse
 * fails here, before anything is created.
 */
export async function startRollout(settings: CanarySettings, deps: RolloutDeps): Promise<RolloutSession> {
  const { records } = deps;
  const commit = await records.resolveCommit(settings.sha);
  const version = commit.sha.slice(0, 7);
  const baseline = await findLastGoodDeployment(records, settings.environment);
  // The router answers before anything is created: a wrong HAProxy backend or server name, a
  // missing upstream file or a failing get-weight-command is one error naming its input.
  await deps.router.getWeight();
  await deps.source.start();
  if (deps.signal.aborted) throw new ShipgateError('cancelled before the canary started; nothing was created and no traffic moved');
  const started = (deps.now ?? Date.now)();
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
  deps.onRolloutStarted?.({ id: deployment.id, sha: commit.sha, version });
  deps.log(`Canary deployment ${deployment.id} of ${version} to ${settings.environment}${baseline ? ` (baseline ${baseline.deployment.sha.slice(0, 7)})` : ' (no earlier good deployment)'}`);
  return new RolloutSession(settings, deps, deployment, commit, baseline?.deployment.sha, started);
}
