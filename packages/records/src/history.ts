import type { Deployment, DeploymentRecords, DeploymentStatus } from './types';

/**
 * "Reached success and was not failed afterwards". GitHub marks older successful deployments
 * `inactive` when a newer one succeeds; being superseded does not undo a success, but a later
 * `failure` or `error` (a rollback, a failed verification) does.
 */
export function wasGood(statusesNewestFirst: readonly DeploymentStatus[]): DeploymentStatus | undefined {
  for (const status of statusesNewestFirst) {
    if (status.state === 'failure' || status.state === 'error') return undefined;
    if (status.state === 'success') return status;
  }
  return undefined;
}

export interface GoodDeployment {
  deployment: Deployment;
  success: DeploymentStatus;
}

/**
 * The environment's most recent good deployment older than `olderThanId` (the one being made,
 * when there is one; ids only grow).
 * Looks at up to `limit` recent deployments; each costs one status lookup, and the answer is
 * normally among the first few.
 */
export async function findLastGoodDeployment(
  records: DeploymentRecords,
  environment: string,
  options: { olderThanId?: number; limit?: number } = {},
): Promise<GoodDeployment | undefined> {
  const deployments = await records.listDeployments({ environment, limit: options.limit ?? 100 });
  for (const deployment of deployments) {
    if (options.olderThanId !== undefined && deployment.id >= options.olderThanId) continue;
    const success = wasGood(await records.listStatuses(deployment.id));
    if (success) return { deployment, success };
  }
  return undefined;
}

export async function latestStatus(records: DeploymentRecords, deploymentId: number): Promise<DeploymentStatus | undefined> {
  return (await records.listStatuses(deploymentId))[0];
}
