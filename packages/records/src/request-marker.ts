import { randomUUID } from 'node:crypto';
import type { Deployment, DeploymentRecords } from './types';

/**
 * A create request, named before it is sent: the marker goes into the deployment's payload
 * (`payload.shipgate.request`), so a create whose answer was lost, or whose job was cancelled
 * mid-call, can be found again instead of being made twice or left open.
 */
export interface DeploymentRequest {
  marker: string;
  environment: string;
  sha: string;
}

/** Unique per create: the run, its attempt, and randomness for several creates in one run. */
export function newRequestMarker(env: NodeJS.ProcessEnv = process.env): string {
  const run = env.GITHUB_RUN_ID ? `${env.GITHUB_RUN_ID}.${env.GITHUB_RUN_ATTEMPT || '1'}` : `local.${process.pid}`;
  return `${run}.${randomUUID()}`;
}

/** The deployment created by `request`, if it exists. Creates are recent: the newest 30 of that sha suffice. */
export async function findRequestedDeployment(records: Pick<DeploymentRecords, 'listDeployments'>, request: DeploymentRequest): Promise<Deployment | undefined> {
  const candidates = await records.listDeployments({ environment: request.environment, sha: request.sha, limit: 30 });
  return candidates.find((deployment) => deployment.payload.shipgate?.request === request.marker);
}
