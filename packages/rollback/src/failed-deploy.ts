import { executeRollback, type RollbackHooks, type RollbackPlan, type RollbackResult } from './rollback';
import { selectFailedDeployRollback, type RollbackSelection } from './target';

export interface FailedDeploy {
  environment: string;
  deploymentId: number;
  version: string;
  /** Why the deploy failed: becomes the rollback's reason, so it never holds command output. */
  reason: string;
  /** The environment's last good deployment before it (the deploy's `previous-deployment-id`). */
  previousDeploymentId: number;
}

export type FailedDeployRestore = { selection: RollbackSelection; plan: RollbackPlan; result: RollbackResult } | { nothingToRestore: string };

/**
 * staging-deploy's `rollback-on-failure` (the fly.io flow): redeploy the previous good version
 * with the same command and health check, recorded as a rollback with the failure as its
 * reason. One attempt: a rollback that fails is reported, never followed by another. When the
 * previous good version is the code that just failed, nothing is done (and said why).
 */
export async function restoreAfterFailedDeploy(
  records: Parameters<typeof executeRollback>[2],
  failed: FailedDeploy,
  redeploy: Omit<RollbackPlan, 'reason' | 'router' | 'steps'>,
  hooks: RollbackHooks,
): Promise<FailedDeployRestore> {
  const startedAt = Date.now();
  const chosen = await selectFailedDeployRollback(records, failed.environment, failed.deploymentId, failed.previousDeploymentId);
  if ('nothingToRestore' in chosen) return chosen;
  const { selection } = chosen;
  for (const warning of selection.warnings) hooks.warning?.(warning);
  const plan: RollbackPlan = { ...redeploy, steps: [], reason: `deploy of ${failed.version} failed: ${failed.reason}` };
  hooks.info(`rollback-on-failure: restoring ${selection.target.version} (${selection.target.sha.slice(0, 7)}), ${selection.why}`);
  const result = await executeRollback(selection, plan, records, hooks, startedAt);
  return { selection, plan, result };
}
