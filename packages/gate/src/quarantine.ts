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
 * The commits whose tree the quarantine rule asks git for: the shas rollback records name
 * without recording their tree (`required`: a rollback must be recognised by its code), then
 * the target deployments' own shas (`optional`: only for the "rolled back" marker, asked for
 * when a tree lookup is made anyway and has room).
 */
export function quarantineTreeNeeds(recent: readonly Deployment[], known: ReadonlyMap<string, string>): { required: string[]; optional: string[] } {
  const required = new Set<string>();
  for (const deployment of recent) {
    const payload = deployment.payload.shipgate;
    const from = payload?.kind === 'rollback' ? text(payload.rolled_back_from) : undefined;
    if (from && !text(payload?.rolled_back_tree) && !known.has(from)) required.add(from);
  }
  const optional = new Set(recent.map((d) => d.sha).filter((sha) => !known.has(sha) && !required.has(sha)));
  return { required: [...required], optional: [...optional] };
}

/**
 * Refuses code that was rolled back in the target environment. The rollback action records,
 * in the target environment, a deployment with payload
 * `{shipgate: {kind: 'rollback', version, rolled_back_from: <bad sha>, reason}}` (optionally
 * `rolled_back_tree`) and marks the bad deployment `failure` with a description starting
 * "shipgate: rolled back". Either record counts; "the same code" is the promoted sha, the
 * validated sha, or the same git tree: the tree git reports for the rolled-back sha (the
 * record's `rolled_back_tree` or a deployment payload's `tree` only where git has no answer,
 * or in addition to it: a claim here can only make the gate stricter).
 *
 * `recent` is the target environment's newest deployments (read by the caller, one call);
 * this costs one more call only when that page holds a deployment of the same code and no
 * rollback record names it.
 */
export async function checkQuarantine(
  records: DeploymentRecords,
  commit: CommitInfo,
  validatedSha: string | undefined,
  recent: readonly Deployment[],
  trees: ReadonlyMap<string, string>,
  targetEnvironment: string,
  allowRolledBack: boolean,
): Promise<GateCheck> {
  const isThisCode = sameCode(commit, validatedSha, trees);
  const rollback = findRollbackRecord(recent, isThisCode) ?? (await findRolledBackMarker(records, recent, isThisCode));
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

type SameCode = (sha: string, ...claimedTrees: unknown[]) => boolean;

function sameCode(commit: CommitInfo, validatedSha: string | undefined, trees: ReadonlyMap<string, string>): SameCode {
  return (sha, ...claimedTrees) => {
    if (sha === commit.sha || sha === validatedSha) return true;
    if (commit.tree === undefined) return false;
    const gitTree = trees.get(sha);
    return gitTree === commit.tree || claimedTrees.some((claimed) => text(claimed) === commit.tree);
  };
}

/** The newest rollback deployment whose `rolled_back_from` is this code. */
function findRollbackRecord(recent: readonly Deployment[], isThisCode: SameCode): Rollback | undefined {
  // A rollback names the bad sha; git knows its tree. Claims (the record's own, or the bad
  // deployment's payload) are also honoured: a claim can only make the gate refuse more.
  const claimedTreeOf = (sha: string) => recent.find((d) => d.sha === sha && d.payload.shipgate?.tree)?.payload.shipgate?.tree;
  for (const deployment of recent) {
    const payload = deployment.payload.shipgate;
    if (payload?.kind !== 'rollback') continue;
    const from = text(payload.rolled_back_from);
    if (!from) continue;
    if (!isThisCode(from, payload.rolled_back_tree, claimedTreeOf(from))) continue;
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
async function findRolledBackMarker(records: DeploymentRecords, recent: readonly Deployment[], isThisCode: SameCode): Promise<Rollback | undefined> {
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
