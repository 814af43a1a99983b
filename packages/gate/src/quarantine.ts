import type { CommitInfo, Deployment, DeploymentRecords } from '@shipgate/records';
import type { Evidence, GateCheck } from './types';

/** How many of the target environment's newest deployments are searched for rollbacks (one call). */
export const TARGET_WINDOW = 100;
/** How the rollback action describes the `failure` status it puts on the deployment it undid. */
export const ROLLED_BACK_PREFIX = 'shipgate: rolled back';

interface Rollback {
  /** Shown in the refusal: who rolled it back, when, and why. */
  summary: string;
  evidence: Evidence[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Refuses code that was rolled back in the target environment. The rollback action records,
 * in the target environment, a deployment with payload
 * `{shipgate: {kind: 'rollback', version, rolled_back_from: <bad sha>, reason}}` (optionally
 * `rolled_back_tree`) and marks the bad deployment `failure` with a description starting
 * "shipgate: rolled back". Either record counts; "the same code" is the promoted sha, the
 * validated sha, or (via the bad deployment's recorded tree) the same git tree.
 *
 * Costs one call (a page of the newest target deployments), plus one more only when that page
 * holds a deployment of the same code and no rollback record names it.
 */
export async function checkQuarantine(
  records: DeploymentRecords,
  commit: CommitInfo,
  validatedSha: string | undefined,
  targetEnvironment: string,
  allowRolledBack: boolean,
): Promise<GateCheck> {
  const recent = await records.listDeployments({ environment: targetEnvironment, limit: TARGET_WINDOW });
  const rollback = findRollbackRecord(recent, commit, validatedSha) ?? (await findRolledBackMarker(records, recent, commit, validatedSha));
  const short = commit.sha.slice(0, 7);
  if (!rollback) {
    return {
      name: 'quarantine',
      passed: true,
      detail: `${short} was never rolled back in ${targetEnvironment} (searched ${recent.length < TARGET_WINDOW ? `all its ${recent.length}` : `its ${TARGET_WINDOW} newest`} deployment(s))`,
      evidence: [],
    };
  }
  if (allowRolledBack) {
    return {
      name: 'quarantine',
      passed: true,
      detail: `${short} was rolled back in ${targetEnvironment} (${rollback.summary}); promoting anyway because allow-rolled-back is true`,
      evidence: rollback.evidence,
    };
  }
  return {
    name: 'quarantine',
    passed: false,
    detail: `${short} was rolled back in ${targetEnvironment}: ${rollback.summary}; set allow-rolled-back: true to promote it anyway`,
    evidence: rollback.evidence,
  };
}

function sameCode(commit: CommitInfo, validatedSha: string | undefined) {
  return (sha: string, tree: string | undefined) =>
    sha === commit.sha || sha === validatedSha || (commit.tree !== undefined && tree === commit.tree);
}

/** The newest rollback deployment whose `rolled_back_from` is this code. */
function findRollbackRecord(recent: readonly Deployment[], commit: CommitInfo, validatedSha: string | undefined): Rollback | undefined {
  const isThisCode = sameCode(commit, validatedSha);
  // A rollback names the bad sha; its tree comes from the payload or from that sha's own deployment.
  const treeOf = (sha: string) => recent.find((d) => d.sha === sha && d.payload.shipgate?.tree)?.payload.shipgate?.tree;
  for (const deployment of recent) {
    const payload = deployment.payload.shipgate;
    if (payload?.kind !== 'rollback') continue;
    const from = text(payload.rolled_back_from);
    if (!from) continue;
    const fromTree = text(payload.rolled_back_tree) ?? treeOf(from);
    if (!isThisCode(from, fromTree)) continue;
    const reason = text(payload.reason) ?? 'no reason recorded';
    return {
      summary: `rollback #${deployment.id} at ${deployment.createdAt} replaced ${from.slice(0, 7)} with ${deployment.sha.slice(0, 7)}: ${reason}`,
      evidence: [
        { label: 'Rollback', text: `deployment #${deployment.id} to ${deployment.sha}${payload.version ? ` (${payload.version})` : ''} at ${deployment.createdAt}` },
        { label: 'Rolled back', text: from },
        { label: 'Reason', text: reason },
      ],
    };
  }
  return undefined;
}

/** The newest target deployment of this code was marked `failure` "shipgate: rolled back…". */
async function findRolledBackMarker(
  records: DeploymentRecords,
  recent: readonly Deployment[],
  commit: CommitInfo,
  validatedSha: string | undefined,
): Promise<Rollback | undefined> {
  const isThisCode = sameCode(commit, validatedSha);
  const newest = recent.find((d) => isThisCode(d.sha, d.payload.shipgate?.tree));
  if (!newest) return undefined;
  const [latest] = await records.listStatuses(newest.id);
  if (latest?.state !== 'failure' || !latest.description.startsWith(ROLLED_BACK_PREFIX)) return undefined;
  return {
    summary: `deployment #${newest.id} of ${newest.sha.slice(0, 7)} was marked failure at ${latest.createdAt}: ${latest.description}`,
    evidence: [
      { label: 'Deployment', text: `#${newest.id} of ${newest.sha} created ${newest.createdAt}` },
      { label: 'Status', text: `failure at ${latest.createdAt}: ${latest.description}`, href: latest.logUrl },
    ],
  };
}
