import { wasGood, type Deployment, type DeploymentStatus } from '@shipgate/records';
import type { GateCheck } from './types';

const FAILED = new Set(['failure', 'error']);

/**
 * The deployment reached `success` and nothing failed it afterwards. Being superseded
 * (`inactive`, GitHub's auto_inactive) still counts as having passed; a later `failure` or
 * `error` (a failed verification, a rollback in staging) does not.
 */
export function checkStagingSuccess(deployment: Deployment, statusesNewestFirst: readonly DeploymentStatus[], environment: string): GateCheck {
  const success = wasGood(statusesNewestFirst);
  const latest = statusesNewestFirst[0];
  const evidence = statusesNewestFirst.slice(0, 3).map((status) => ({
    label: 'Status',
    text: `${status.state} at ${status.createdAt}${status.description ? `: ${status.description}` : ''}`,
    href: status.logUrl,
  }));
  if (success) {
    const superseded = latest?.state === 'inactive' ? ' (since superseded by a newer deployment, which does not undo it)' : '';
    return {
      name: 'staging-success',
      passed: true,
      detail: `deployment #${deployment.id} reached success in ${environment} at ${success.createdAt}${superseded}`,
      evidence,
    };
  }
  const laterFailure = statusesNewestFirst.find((status) => FAILED.has(status.state));
  const everSucceeded = statusesNewestFirst.some((status) => status.state === 'success');
  let detail: string;
  if (laterFailure && everSucceeded) {
    detail = `deployment #${deployment.id} reached success in ${environment} but was marked ${laterFailure.state} at ${laterFailure.createdAt}: ${laterFailure.description || 'no description'}`;
  } else if (latest) {
    detail = `deployment #${deployment.id} in ${environment} never reached success; it is ${latest.state} since ${latest.createdAt}${latest.description ? `: ${latest.description}` : ''}`;
  } else {
    detail = `deployment #${deployment.id} in ${environment} has no status at all`;
  }
  return { name: 'staging-success', passed: false, detail, evidence };
}
