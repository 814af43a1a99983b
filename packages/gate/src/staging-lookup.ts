import type { CommitInfo, Deployment, DeploymentRecords } from '@shipgate/records';

/**
 * How many of the source environment's newest deployments a tree is looked for in: one page,
 * one REST call, however long the history. A tree validated longer ago than that is stale
 * for a promotion anyway; `match: sha` looks the sha up directly at any depth.
 */
export const SOURCE_WINDOW = 100;

export interface StagingLookup {
  /** The newest source-environment deployment of the same code, if any. */
  deployment?: Deployment;
  matchedBy?: 'sha' | 'tree';
  /** What was searched, for a refusal that says where it looked. */
  searched: string;
}

/**
 * Finds the deployment that vouches for `commit`. The newest deployment of the same code
 * decides (a newer failed deploy of the same tree outweighs an older success), so this
 * returns one deployment, never a search for "any success".
 *
 * - `sha`: deployments filtered by the exact sha (one call, any depth).
 * - `tree`: one page of the newest deployments, compared by the tree staging-deploy records
 *   in the payload, or by sha for deployments that have no tree recorded. This covers
 *   fast-forwards, merge commits and squash merges without a call per deployment or commit.
 */
export async function findStagingDeployment(
  records: DeploymentRecords,
  commit: CommitInfo,
  environment: string,
  match: 'tree' | 'sha',
): Promise<StagingLookup> {
  const short = commit.sha.slice(0, 7);
  if (match === 'sha' || !commit.tree) {
    const [deployment] = await records.listDeployments({ environment, sha: commit.sha, limit: 1 });
    const searched = `deployments of ${short} in ${environment}${match === 'tree' ? ' (its tree is unknown outside a git checkout, so only the exact sha counts)' : ''}`;
    return deployment ? { deployment, matchedBy: 'sha', searched } : { searched };
  }
  const recent = await records.listDeployments({ environment, limit: SOURCE_WINDOW });
  const searched = `the ${recent.length < SOURCE_WINDOW ? recent.length : `${SOURCE_WINDOW} newest`} deployment(s) in ${environment} for ${short} or its tree ${commit.tree.slice(0, 7)}`;
  for (const deployment of recent) {
    if (deployment.sha === commit.sha) return { deployment, matchedBy: 'sha', searched };
    if (deployment.payload.shipgate?.tree === commit.tree) return { deployment, matchedBy: 'tree', searched };
  }
  return { searched };
}
