import type { DeploymentRecords, DeploymentState, DeploymentStatus } from './types';

const OPEN_STATES: ReadonlySet<DeploymentState> = new Set(['queued', 'pending', 'in_progress']);

/**
 * The post-step guarantee: a deployment whose job ended (cancelled, crashed, runner lost)
 * while it was still open gets a final status, so nothing is left `in_progress`. Returns the
 * status it added, or undefined when the deployment was already closed.
 */
export async function closeIfOpen(
  records: DeploymentRecords,
  deploymentId: number,
  close: { state: Extract<DeploymentState, 'error' | 'failure'>; description: string; logUrl?: string },
): Promise<DeploymentStatus | undefined> {
  const latest = (await records.listStatuses(deploymentId))[0];
  if (latest && !OPEN_STATES.has(latest.state)) return undefined;
  return records.addStatus(deploymentId, close);
}
