import { LINE_LIMITS, ShipgateError, escapeControlCharacters, findControlCharacter, isShipgateError } from '@shipgate/core';
import { wasGood, type Deployment, type DeploymentRecords, type DeploymentStatus } from '@shipgate/records';

/** How many of the environment's newest deployments are searched for the current one and the target. */
export const HISTORY_WINDOW = 100;
/** How many deployments newer than the target are checked for a canary left `in_progress`. */
const OPEN_CANARY_WINDOW = 10;
const OPEN_STATES = new Set(['queued', 'pending', 'in_progress']);

/** The version a rollback restores. */
export interface RollbackTarget {
  sha: string;
  version: string;
  tree?: string;
  /** The deployment of `sha` that reached success there; undefined only for a forced target never deployed. */
  deploymentId?: number;
  /** The URL that deployment recorded, shown again on the rollback's success. */
  environmentUrl?: string;
}

/** Everything a rollback needs to know before it changes anything. */
export interface RollbackSelection {
  environment: string;
  /** The deployment being rolled back (the environment's current one). */
  from: Deployment;
  /** Git's tree of `from.sha` (or what its payload claims): lets the gate quarantine the same code under another sha. */
  fromTree?: string;
  target: RollbackTarget;
  /** Canary deployments still open besides `from`: closed like it once the rollback is verified. */
  openCanaries: Deployment[];
  /** Why the target was chosen, one line for the log and the summary. */
  why: string;
  /** What the step should warn about (a recorded version that could not be used), one line each. */
  warnings: string[];
}

export interface TargetRequest {
  environment: string;
  /** `previous`, a sha, a tag or a deployment id. */
  to: string;
  /** Accept a target that never succeeded (or was rolled back) in the environment. */
  force: boolean;
  /**
   * The deployment the caller means to roll back (a release job's failed deployment): refused,
   * with nothing changed, when the environment's current deployment is another one.
   */
  expectFrom?: number;
}

const short = (sha: string) => sha.slice(0, 7);

/**
 * The version a deployment recorded, as the target's `{version}`. A payload is data anyone with
 * deployments: write can set, and the version reaches the redeploy command's arguments and the
 * log: it is used only if it could have passed the `version` input (one line, no control
 * characters, within its length); otherwise the short sha, with a warning.
 */
function versionOf(deployment: Deployment, warnings: string[]): string {
  const version = deployment.payload.shipgate?.version;
  if (typeof version !== 'string' || version === '') return short(deployment.sha);
  const problem = findControlCharacter(version) ?? (version.length > LINE_LIMITS.version.max ? `more than ${LINE_LIMITS.version.max} characters` : undefined);
  if (!problem) return version;
  const shown = escapeControlCharacters(version.slice(0, 40));
  warnings.push(`deployment #${deployment.id} recorded the version '${shown}${version.length > 40 ? '…' : ''}', which holds ${problem}; using the short sha ${short(deployment.sha)} as {version} instead`);
  return short(deployment.sha);
}

/** A rollback record counts only once it reached success: a failed rollback replaced nothing. */
const reachedSuccess = (statuses: readonly DeploymentStatus[]) => statuses.some((s) => s.state === 'success');

/**
 * Chooses what to roll back from (the environment's current deployment) and to, from the
 * records alone. Reads only: every refusal happens before anything is changed.
 */
export async function selectRollback(records: DeploymentRecords, request: TargetRequest): Promise<RollbackSelection> {
  const { environment } = request;
  const history = await records.listDeployments({ environment, limit: HISTORY_WINDOW });
  const statuses = memoStatuses(records);
  const from = await currentDeployment(history, statuses);
  if (!from) throw new ShipgateError(`has no deployments in its records; there is nothing to roll back in '${environment}'`, 'environment');
  if (request.expectFrom !== undefined && from.id !== request.expectFrom) throw notTheExpectedCurrent(from, request.expectFrom);
  if (request.to === 'previous' && from.payload.shipgate?.kind === 'rollback' && !request.force) throw alreadyRolledBack(from);
  const rolledBack = await rolledBackShas(history, statuses);
  const chosen = request.to === 'previous' ? await previousGood(history, from, rolledBack, statuses) : await namedTarget(records, request, history, from, rolledBack, statuses);
  if (chosen.sha === from.sha) {
    throw new ShipgateError(`names ${short(chosen.sha)}, which is what '${environment}' runs now (deployment #${from.id}); there is nothing to roll back to`, 'to');
  }
  const trees = await records.treesOf([from.sha, chosen.sha]);
  const warnings: string[] = [];
  const claimedTree = (d: Deployment | undefined) => (typeof d?.payload.shipgate?.tree === 'string' ? d.payload.shipgate.tree : undefined);
  const target: RollbackTarget = {
    sha: chosen.sha,
    version: chosen.deployment ? versionOf(chosen.deployment, warnings) : short(chosen.sha),
    tree: trees.get(chosen.sha) ?? claimedTree(chosen.deployment),
    deploymentId: chosen.deployment?.id,
    environmentUrl: chosen.success?.environmentUrl,
  };
  return {
    environment,
    from,
    fromTree: trees.get(from.sha) ?? claimedTree(from),
    target,
    openCanaries: await openCanaries(history, from, target.deploymentId, statuses),
    why: chosen.why,
    warnings,
  };
}

/**
 * `expect-from` names a deployment that is not what the environment runs now: the release that
 * failed never became current (or something deployed after it). Rolling back the current one
 * would replace, and quarantine, a version nobody said was bad.
 */
function notTheExpectedCurrent(current: Deployment, expected: number): ShipgateError {
  return new ShipgateError(
    `is deployment #${expected}, but what '${current.environment}' runs now is deployment #${current.id} (${short(current.sha)}); nothing was rolled back or quarantined. ` +
      `Roll back #${current.id} by hand if it is bad too`,
    'expect-from',
  );
}

/**
 * `to: previous` when the current deployment is itself a rollback: a second click, a re-run or
 * a double dispatch would go one more version back and quarantine the version just restored.
 */
function alreadyRolledBack(current: Deployment): ShipgateError {
  const payload: Record<string, unknown> = current.payload.shipgate ?? {};
  const from = typeof payload.rolled_back_from === 'string' ? ` from ${short(payload.rolled_back_from)}` : '';
  const by = typeof payload.triggered_by === 'string' && !findControlCharacter(payload.triggered_by) ? ` by ${payload.triggered_by.slice(0, 64)}` : '';
  return new ShipgateError(
    `is 'previous', but what '${current.environment}' runs now is already a rollback: deployment #${current.id} restored ${short(current.sha)}${from}${by} at ${current.createdAt}; ` +
      `rolling back 'previous' again would go one more version back and mark ${short(current.sha)} rolled back. If ${short(current.sha)} is bad too, ` +
      `name the version to restore with to: <sha, tag or deployment id>, or set force: true`,
    'to',
  );
}

/**
 * The rollback of a deploy that just failed (staging-deploy's `rollback-on-failure`): from the
 * failed deployment back to the good one the deploy found before it started. When that good
 * deployment is the same code (the same sha redeployed, or another sha with the same tree),
 * there is nothing to restore: redeploying it would run what just failed, and recording it as a
 * rollback would quarantine code that is running fine. Returns why, instead of a selection.
 */
export async function selectFailedDeployRollback(
  records: DeploymentRecords,
  environment: string,
  failedId: number,
  previousId: number,
): Promise<{ selection: RollbackSelection } | { nothingToRestore: string }> {
  const [from, previous] = await Promise.all([records.getDeployment(failedId), records.getDeployment(previousId)]);
  if (!from || !previous) throw new Error(`deployment #${from ? previousId : failedId} vanished from the records during the deploy`);
  const trees = await records.treesOf([from.sha, previous.sha]);
  const [fromTree, previousTree] = [trees.get(from.sha), trees.get(previous.sha)];
  if (previous.sha === from.sha || (fromTree !== undefined && fromTree === previousTree)) {
    const same = previous.sha === from.sha ? `the same commit (${short(from.sha)})` : `the same code as ${short(from.sha)} (tree ${fromTree?.slice(0, 7)})`;
    return { nothingToRestore: `the last good deployment #${previous.id} is ${same}, so a rollback would redeploy what just failed; nothing was rolled back and #${previous.id} was not marked` };
  }
  const success = wasGood(await records.listStatuses(previous.id));
  const warnings: string[] = [];
  return {
    selection: {
      environment,
      from,
      fromTree,
      target: { sha: previous.sha, version: versionOf(previous, warnings), tree: previousTree, deploymentId: previous.id, environmentUrl: success?.environmentUrl },
      openCanaries: [],
      why: `the last good deployment before #${from.id} is #${previous.id} (${short(previous.sha)})`,
      warnings,
    },
  };
}

type StatusesOf = (id: number) => Promise<DeploymentStatus[]>;

function memoStatuses(records: DeploymentRecords): StatusesOf {
  const cache = new Map<number, Promise<DeploymentStatus[]>>();
  return (id) => {
    let statuses = cache.get(id);
    if (!statuses) cache.set(id, (statuses = records.listStatuses(id)));
    return statuses;
  };
}

/**
 * The newest deployment, passing over rollbacks that did not reach success: a failed rollback
 * changed nothing, so what runs is still the deployment before it.
 */
async function currentDeployment(history: readonly Deployment[], statuses: StatusesOf): Promise<Deployment | undefined> {
  for (const deployment of history) {
    if (deployment.payload.shipgate?.kind !== 'rollback') return deployment;
    if (reachedSuccess(await statuses(deployment.id))) return deployment;
  }
  return undefined;
}

/** Shas a rollback record that reached success names as rolled back, by this action or an earlier one. */
async function rolledBackShas(history: readonly Deployment[], statuses: StatusesOf): Promise<Set<string>> {
  const shas = new Set<string>();
  for (const deployment of history) {
    const payload = deployment.payload.shipgate;
    if (payload?.kind !== 'rollback' || typeof payload.rolled_back_from !== 'string') continue;
    if (reachedSuccess(await statuses(deployment.id))) shas.add(payload.rolled_back_from);
  }
  return shas;
}

interface Chosen {
  sha: string;
  deployment?: Deployment;
  success?: DeploymentStatus;
  why: string;
}

async function previousGood(history: readonly Deployment[], from: Deployment, rolledBack: ReadonlySet<string>, statuses: StatusesOf): Promise<Chosen> {
  for (const deployment of history) {
    if (deployment.id >= from.id || deployment.sha === from.sha || rolledBack.has(deployment.sha)) continue;
    const success = wasGood(await statuses(deployment.id));
    if (success) return { sha: deployment.sha, deployment, success, why: `the newest deployment before #${from.id} that reached success and was not rolled back is #${deployment.id}` };
  }
  throw new ShipgateError(
    `is 'previous', but no deployment in '${from.environment}' before #${from.id} (${short(from.sha)}) reached success without being rolled back ` +
      `(searched the ${history.length} newest); name a version with to: <sha, tag or deployment id>, and force: true if it never succeeded there`,
    'to',
  );
}

/** A sha, tag or deployment id: accepted only if it succeeded in this environment and was not rolled back, unless forced. */
async function namedTarget(
  records: DeploymentRecords,
  request: TargetRequest,
  history: readonly Deployment[],
  from: Deployment,
  rolledBack: ReadonlySet<string>,
  statuses: StatusesOf,
): Promise<Chosen> {
  const { environment, to, force } = request;
  // All digits and shorter than a full sha: a deployment id, never a short sha (1234567 could be both).
  const isId = /^\d+$/.test(to) && to.length < 40;
  const byId = isId && to.length <= 15 ? await records.getDeployment(Number(to)) : undefined;
  if (isId && !byId) {
    throw new ShipgateError(
      `names deployment #${to}, which is not in this repository's deployment records (an all-digit 'to' is read as a deployment id); to name a commit, give its full 40-character sha or a tag`,
      'to',
    );
  }
  let sha: string;
  let candidates: Deployment[];
  if (byId) {
    if (byId.environment !== environment) throw new ShipgateError(`names deployment #${byId.id}, which is in '${byId.environment}', not '${environment}'`, 'to');
    sha = byId.sha;
    candidates = [byId];
  } else {
    sha = (await resolveTargetCommit(records, to)).sha;
    const known = history.filter((d) => d.sha === sha);
    candidates = known.length > 0 ? known : await records.listDeployments({ environment, sha, limit: HISTORY_WINDOW });
  }
  const named = byId ? `deployment #${byId.id} (${short(sha)})` : `${to === sha ? short(sha) : `${to} (${short(sha)})`}`;
  let problem = candidates.length === 0 ? `was never deployed to '${environment}'` : `never reached success in '${environment}'`;
  for (const deployment of candidates) {
    const all = await statuses(deployment.id);
    const success = wasGood(all);
    if (success && !rolledBack.has(sha)) return { sha, deployment, success, why: `${named} reached success in '${environment}' as deployment #${deployment.id}` };
    if (success || all.some((s) => s.state === 'success')) {
      const undone = all.find((s) => s.state === 'failure' || s.state === 'error');
      problem = `reached success in '${environment}' (deployment #${deployment.id}) but was rolled back or failed afterwards${undone ? `: ${undone.description}` : ''}`;
    }
  }
  if (!force) throw new ShipgateError(`names ${named}, which ${problem}; set force: true to roll back to it anyway`, 'to');
  const deployment = candidates[0];
  return { sha, deployment, why: `${named} ${problem}; rolling back to it because force is true` };
}

/** A sha or tag, as git knows it; an unknown one is the `to` input's mistake. */
async function resolveTargetCommit(records: DeploymentRecords, to: string) {
  try {
    return await records.resolveCommit(to);
  } catch (error) {
    if (isShipgateError(error) && error.name === 'ShipgateError') throw new ShipgateError(`must be previous, a sha, a tag or a deployment id; '${to}' is none of them: ${error.message}`, 'to');
    throw error;
  }
}

/** Canary deployments newer than the target and still open: the rollback ends them too. */
async function openCanaries(history: readonly Deployment[], from: Deployment, targetId: number | undefined, statuses: StatusesOf): Promise<Deployment[]> {
  const newer = history.filter((d) => d.id !== from.id && (targetId === undefined || d.id > targetId) && d.payload.shipgate?.kind === 'canary').slice(0, OPEN_CANARY_WINDOW);
  const open: Deployment[] = [];
  for (const deployment of newer) {
    const latest = (await statuses(deployment.id))[0];
    if (!latest || OPEN_STATES.has(latest.state)) open.push(deployment);
  }
  return open;
}
