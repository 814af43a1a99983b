import { executeRollback, type RollbackHooks, type RollbackPlan, type RollbackResult } from './rollback';
import { selectFailedDeployRollback, type RollbackSelection } from './target';

export interface FailedDeploy {
  environment: string;
  deploymentId: number;
  version: string;
  /** Why the deploy failed: becomes the rollback's reason. */
  reason: string;
  /** The environment's last good deployment before it (the deploy's `previous-deployment-id`). */
  previousDeploymentId: number;
}

/**
 * staging-deploy's `rollback-on-failure` (the fly.io flow): redeploy the previous good version
 * with the same command and health check, recorded as a rollback with the failure as its
 * reason. One attempt: a rollback that fails is reported, never followed by another.
 */
export async function restoreAfterFailedDeploy(
  records: Parameters<typeof executeRollback>[2],
  failed: FailedDeploy,
  redeploy: Omit<RollbackPlan, 'reason' | 'router' | 'steps'>,
  hooks: RollbackHooks,
): Promise<{ selection: RollbackSelection; plan: RollbackPlan; result: RollbackResult }> {
  const startedAt = Date.now();
  const selection = await selectFailedDeployRollback(records, failed.environment, failed.deploymentId, failed.previousDeploymentId);
  const plan: RollbackPlan = { ...redeploy, steps: [], reason: `deploy of ${failed.version} failed: ${failed.reason}` };
  hooks.info(`rollback-on-failure: restoring ${selection.target.version} (${selection.target.sha.slice(0, 7)}), ${selection.why}`);
  const result = await executeRollback(selection, plan, records, hooks, startedAt);
  return { selection, plan, result };
}
