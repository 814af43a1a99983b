import type { DeploymentRecords, DeploymentStatus } from '@shipgate/records';
import { wasGood } from '@shipgate/records';
import { checkBranchFlow } from './branch-flow';
import { checkQuarantine } from './quarantine';
import { checkRequiredContexts } from './required-contexts';
import { checkMaxAge, checkMinSoak } from './soak-and-age';
import { findStagingDeployment } from './staging-lookup';
import { checkStagingMatch } from './staging-match';
import { checkStagingSuccess } from './staging-success';
import type { CheckName, GateCheck, GateEvent, GatePolicy, GateVerdict } from './types';

/** The order checks decide the one reason a refusal gives: the most fundamental first. */
const ORDER: readonly CheckName[] = ['branch-flow', 'quarantine', 'staging-match', 'staging-success', 'required-contexts', 'max-age', 'min-soak'];

const notEvaluated = (name: CheckName, why: string): GateCheck => ({ name, passed: false, detail: `not evaluated: ${why}`, evidence: [] });

/**
 * Decides whether `policy.ref` may be promoted, reading only through the records seam. The
 * cost is fixed whatever the history length: 1 call for the commit, 1 for a page of the
 * source environment, 1 for the matching deployment's statuses, 1 for the commit statuses
 * (none when no context is required), and 1–2 for the target environment's rollbacks — at
 * most 6 REST calls on the GitHub backend.
 */
export async function evaluateGate(records: DeploymentRecords, policy: GatePolicy, event: GateEvent, now: Date = new Date()): Promise<GateVerdict> {
  const commit = await records.resolveCommit(policy.ref);
  const lookup = await findStagingDeployment(records, commit, policy.sourceEnvironment, policy.match);
  const { deployment } = lookup;
  const [statuses, commitStatuses, quarantine] = await Promise.all([
    deployment ? records.listStatuses(deployment.id) : Promise.resolve<DeploymentStatus[]>([]),
    deployment && policy.requiredContexts.length > 0 ? records.listCommitStatuses(deployment.sha) : Promise.resolve([]),
    checkQuarantine(records, commit, deployment?.sha, policy.targetEnvironment, policy.allowRolledBack),
  ]);

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

  const failed = checks.find((check) => !check.passed);
  const staging = deployment && { deployment, success };
  if (failed) return { validated: false, commit, staging, reason: `${failed.name}: ${failed.detail}`, checks };
  const via = deployment && deployment.sha !== commit.sha ? ` (same tree as ${deployment.sha.slice(0, 7)})` : '';
  return {
    validated: true,
    commit,
    staging,
    reason: `${commit.sha.slice(0, 7)}${via} passed ${policy.sourceEnvironment} in deployment #${deployment?.id} (successful since ${success?.createdAt}); all ${checks.length} checks passed`,
    checks,
  };
}
