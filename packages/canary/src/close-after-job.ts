import { closeIfOpen, latestStatus, type DeploymentRecords } from '@shipgate/records';
import type { TrafficRouter } from '@shipgate/traffic';
import { backToStable } from './back-to-stable';

export interface JobEndResult {
  /** False when the deployment was already closed by main (nothing to do). */
  wasOpen: boolean;
  trafficSafe: boolean;
  description?: string;
}

/**
 * The post step: when the job ended (cancelled, crashed, runner lost) while the canary was
 * still in progress, traffic goes back to stable and the deployment is marked `error`. A
 * router that refuses is retried, then the description and an `::error::` say so.
 */
export async function closeAfterJobEnded(
  records: DeploymentRecords,
  deploymentId: number,
  router: TrafficRouter,
  io: { log: (line: string) => void; error: (line: string) => void; logUrl?: string; retryDelaysMs?: readonly number[] },
): Promise<JobEndResult> {
  const latest = await latestStatus(records, deploymentId);
  if (latest && !['queued', 'pending', 'in_progress'].includes(latest.state)) return { wasOpen: false, trafficSafe: true };
  const restored = await backToStable(router, io.log, io.retryDelaysMs);
  const note = restored.ok
    ? 'traffic back on stable'
    : `weight may still be ${restored.weightInForce ?? 'above 0'}${restored.weightInForce === undefined ? '' : '%'} on the canary: the router failed ${restored.attempts} times`;
  if (!restored.ok) io.error(`canary-step (post) could not put traffic back on stable: ${note}: ${restored.error}`);
  const description = `shipgate: the job ended mid-canary (cancelled or crashed); ${note}`;
  await closeIfOpen(records, deploymentId, { state: 'error', description, logUrl: io.logUrl });
  return { wasOpen: true, trafficSafe: restored.ok, description };
}
