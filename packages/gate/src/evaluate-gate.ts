import type { DeploymentRecords, DeploymentStatus } from '@shipgate/records';
import { wasGood } from '@shipgate/records';
import { checkBranchFlow } from './branch-flow';
import { foldCheck, oneLine } from './one-line';
import { checkQuarantine, quarantineTreeNeeds, TARGET_WINDOW } from './quarantine';
import { checkRequiredContexts } from './required-contexts';
import { checkMaxAge, checkMinSoak } from './soak-and-age';
import { DEFAULT_SEARCH_DEPTH, matchExactSha, matchStagingDeployment, stagingTreeNeeds } from './staging-lookup';
import { checkStagingMatch } from './staging-match';
import { checkStagingSuccess } from './staging-success';
import type { CheckName, GateCheck, GateEvent, GatePolicy, GateVerdict } from './types';

/** The order checks decide the one reason a refusal gives: the most fundamental first. */
const ORDER: readonly CheckName[] = ['branch-flow', 'quarantine', 'staging-match', 'staging-success', 'required-contexts', 'max-age', 'min-soak'];

const notEvaluated = (name: CheckName, why: string): GateCheck => ({ name, passed: false, detail: `not evaluated: ${why}`, evidence: [] });

/** How many commits of the promoted ref's history are read with it: its parents' trees come free. */
export const HISTORY_DEPTH = 20;

/**
 * Decides whether `policy.ref` may be promoted, reading only through the records seam, in
 * three rounds of parallel reads:
 *
 * 1. the commit and its recent history, trees included (1 call); a page of the source
 *    environment (1 call per 100 of search-depth); the target environment's newest
 *    deployments with their commits' trees and latest statuses (1 GraphQL call);
 * 2. the trees of deployed commits git has not told yet, source and target together, in one
 *    lookup per 200 commits (a page of each, so one at the default depth): none
 *    for a fast-forward, or a merge commit whose develop head is the newest source deployment;
 *    one for a squash merge or a hotfix (and for rollback records naming an unknown commit);
 * 3. the vouching deployment's statuses and its commit statuses (none when no context is
 *    required): 2 calls.
 *
 * At most 6 calls on the GitHub backend with the default search depth of 100.
 */
export async function evaluateGate(records: DeploymentRecords, policy: GatePolicy, event: GateEvent, now: Date = new Date()): Promise<GateVerdict> {
  const depth = policy.searchDepth ?? DEFAULT_SEARCH_DEPTH;
  const [history, window, targetRecent] = await Promise.all([
    records.commitHistory(policy.ref, HISTORY_DEPTH),
    policy.match === 'tree' ? records.listDeployments({ environment: policy.sourceEnvironment, limit: depth }) : Promise.resolve([]),
    records.listDeploymentsWithTrees(policy.targetEnvironment, TARGET_WINDOW),
  ]);
  const commit = history[0];
  if (!commit) throw new Error(`commitHistory(${policy.ref}) returned no commit`);
  const trees = new Map<string, string>();
  for (const deployed of targetRecent) if (deployed.tree) trees.set(deployed.sha, deployed.tree);
  for (const entry of history) if (entry.tree) trees.set(entry.sha, entry.tree);

  // Outside a git checkout (local backend) the tree is unknown: only the exact sha can match.
  const tree = policy.match === 'tree' ? commit.tree : undefined;
  const needed = [...new Set([...(tree ? stagingTreeNeeds(window, commit, trees) : []), ...quarantineTreeNeeds(targetRecent, trees)])];
  if (needed.length > 0) for (const [sha, found] of await records.treesOf(needed)) trees.set(sha, found);

  const lookup =
    tree !== undefined
      ? matchStagingDeployment(window, { ...commit, tree }, trees, policy.sourceEnvironment, depth)
      : matchExactSha(await records.listDeployments({ environment: policy.sourceEnvironment, sha: commit.sha, limit: 1 }), commit, policy.sourceEnvironment, policy.match);
  const { deployment } = lookup;
  const [statuses, commitStatuses] = await Promise.all([
    deployment ? records.listStatuses(deployment.id) : Promise.resolve<DeploymentStatus[]>([]),
    deployment && policy.requiredContexts.length > 0 ? records.listCommitStatuses(deployment.sha) : Promise.resolve([]),
  ]);
  const quarantine = checkQuarantine(commit, deployment?.sha, targetRecent, trees, policy.targetEnvironment, policy.allowRolledBack);

  const checks: GateCheck[] = [checkBranchFlow(event, policy.allowedSources), quarantine, checkStagingMatch(commit, lookup, policy.sourceEnvironment, policy.match)];
  const success = wasGood(statuses);
  if (deployment) {
    checks.push(checkStagingSuccess(deployment, statuses, policy.sourceEnvironment));
    checks.push(checkRequiredContexts(deployment.sha, policy.requiredContexts, commitStatuses));
  } else {
    const why = `no ${policy.sourceEnvironment} deployment of this code was found`;
    checks.push(notEvaluated('staging-success', why), notEvaluated('required-contexts', why));
  }
  if (success) {
    checks.push(checkMaxAge(success, policy.maxAgeMs, now), checkMinSoak(success, policy.minSoakMs, now));
  } else {
    const why = `the ${policy.sourceEnvironment} deployment never passed`;
    const skipped = deployment ? why : `no ${policy.sourceEnvironment} deployment of this code was found`;
    checks.push(notEvaluated('max-age', skipped), notEvaluated('min-soak', skipped));
  }
  checks.sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  // Details quote records other tools wrote; the outputs, the log and the summary get one line each.
  const folded = checks.map(foldCheck);

  const failed = folded.find((check) => !check.passed);
  const staging = deployment && { deployment, success, matchedBy: lookup.matchedBy ?? 'sha', tree: lookup.tree };
  if (failed) return { validated: false, commit, staging, reason: `${failed.name}: ${failed.detail}`, checks: folded };
  const via = deployment && deployment.sha !== commit.sha ? ` (same tree as ${deployment.sha.slice(0, 7)})` : '';
  return {
    validated: true,
    commit,
    staging,
    reason: oneLine(`${commit.sha.slice(0, 7)}${via} passed ${policy.sourceEnvironment} in deployment #${deployment?.id} (successful since ${success?.createdAt}); all ${folded.length} checks passed`),
    checks: folded,
  };
}
