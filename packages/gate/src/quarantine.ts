import type { CommitInfo, DeploymentWithTree } from '@shipgate/records';
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
 * A rollback replaced the code only if its deployment reached success. Its latest status says
 * so: `success`, or `inactive` (GitHub retires only deployments whose latest status was
 * success). A rollback that failed, or is still running, replaced nothing.
 */
const rollbackSucceeded = (deployment: DeploymentWithTree) => deployment.latestStatus?.state === 'success' || deployment.latestStatus?.state === 'inactive';

/**
 * The commits whose tree git must still be asked for: the shas rollback records name, when
 * neither the record (`rolled_back_tree`) nor the target page (the bad deployment's own
 * commit, read with its tree) nor the promoted commit's history tells it already.
 */
export function quarantineTreeNeeds(recent: readonly DeploymentWithTree[], known: ReadonlyMap<string, string>): string[] {
  const needed = new Set<string>();
  for (const deployment of recent) {
    const payload = deployment.payload.shipgate;
    const from = payload?.kind === 'rollback' && rollbackSucceeded(deployment) ? text(payload.rolled_back_from) : undefined;
    if (from && !text(payload?.rolled_back_tree) && !known.has(from)) needed.add(from);
  }
  return [...needed];
}

/**
 * Refuses code that was rolled back in the target environment. The rollback action records,
 * in the target environment, a deployment with payload
 * `{shipgate: {kind: 'rollback', version, rolled_back_from: <bad sha>, reason}}` (optionally
 * `rolled_back_tree`) and marks the bad deployment `failure` with a description starting
 * "shipgate: rolled back". Either record counts, the rollback deployment only once it reached
 * success: a failed rollback left the code running. "The same code" is the promoted sha, the
 * validated sha, or the same git tree: the tree git reports for the rolled-back commit (read
 * with the target page, or looked up with the source trees). A tree a payload claims counts
 * too, but only here: a claim can make the gate refuse more, never accept more.
 *
 * `recent` (the target environment's newest deployments, with trees and latest statuses) is
 * read by the caller in one request, so this check makes no call of its own.
 */
export function checkQuarantine(
  commit: CommitInfo,
  validatedSha: string | undefined,
  recent: readonly DeploymentWithTree[],
  trees: ReadonlyMap<string, string>,
  targetEnvironment: string,
  allowRolledBack: boolean,
): GateCheck {
  const isThisCode = sameCode(commit, validatedSha, trees);
  const rollback = findRollbackRecord(recent, isThisCode) ?? findRolledBackMarker(recent, isThisCode);
  const short = commit.sha.slice(0, 7);
  if (!rollback) {
    return {
      name: 'quarantine',
      passed: true,
      detail: `${short} was never rolled back in ${targetEnvironment} (searched ${recent.length < TARGET_WINDOW ? `all its ${recent.length}` : `its ${TARGET_WINDOW} newest`} deployment(s), by sha and by git tree)`,
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

type SameCode = (sha: string, ...claimedTrees: unknown[]) => boolean;

function sameCode(commit: CommitInfo, validatedSha: string | undefined, trees: ReadonlyMap<string, string>): SameCode {
  return (sha, ...claimedTrees) => {
    if (sha === commit.sha || sha === validatedSha) return true;
    if (commit.tree === undefined) return false;
    return trees.get(sha) === commit.tree || claimedTrees.some((claimed) => text(claimed) === commit.tree);
  };
}

/** The newest successful rollback deployment whose `rolled_back_from` is this code. */
function findRollbackRecord(recent: readonly DeploymentWithTree[], isThisCode: SameCode): Rollback | undefined {
  const claimedTreeOf = (sha: string) => recent.find((d) => d.sha === sha && d.payload.shipgate?.tree)?.payload.shipgate?.tree;
  for (const deployment of recent) {
    const payload = deployment.payload.shipgate;
    if (payload?.kind !== 'rollback' || !rollbackSucceeded(deployment)) continue;
    const from = text(payload.rolled_back_from);
    if (!from) continue;
    if (!isThisCode(from, payload.rolled_back_tree, claimedTreeOf(from))) continue;
    const reason = text(payload.reason) ?? 'no reason recorded';
    return {
      summary: `rollback #${deployment.id} at ${deployment.createdAt} replaced ${from.slice(0, 7)} with ${deployment.sha.slice(0, 7)}: ${reason}`,
      evidence: [
        { label: 'Rollback', text: `deployment #${deployment.id} to ${deployment.sha}${text(payload.version) ? ` (${payload.version})` : ''} at ${deployment.createdAt}` },
        { label: 'Rolled back', text: from },
        { label: 'Reason', text: reason },
      ],
    };
  }
  return undefined;
}

/** The newest target deployment of this code was marked `failure` "shipgate: rolled back…". */
function findRolledBackMarker(recent: readonly DeploymentWithTree[], isThisCode: SameCode): Rollback | undefined {
  const newest = recent.find((d) => isThisCode(d.sha, d.payload.shipgate?.tree));
  const latest = newest?.latestStatus;
  if (!newest || latest?.state !== 'failure' || !latest.description.startsWith(ROLLED_BACK_PREFIX)) return undefined;
  return {
    summary: `deployment #${newest.id} of ${newest.sha.slice(0, 7)} was marked failure at ${latest.createdAt}: ${latest.description}`,
    evidence: [
      { label: 'Deployment', text: `#${newest.id} of ${newest.sha} created ${newest.createdAt}` },
      { label: 'Status', text: `failure at ${latest.createdAt}: ${latest.description}`, href: latest.logUrl },
    ],
  };
}
