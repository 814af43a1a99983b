import { formatDuration } from '@shipgate/core';
import type { DeploymentStatus } from '@shipgate/records';
import type { GateCheck } from './types';

/** How long the staging deployment has been successful, measured from its `success` status. */
export function successAgeMs(success: DeploymentStatus, now: Date): number {
  return Math.max(0, now.getTime() - new Date(success.createdAt).getTime());
}

/** The code ran in the source environment for at least `min-soak` before it may be promoted. */
export function checkMinSoak(success: DeploymentStatus, minSoakMs: number, now: Date): GateCheck {
  const age = successAgeMs(success, now);
  const evidence = [{ label: 'Successful since', text: `${success.createdAt} (${formatDuration(age)} ago)`, href: success.logUrl }];
  if (minSoakMs === 0) return { name: 'min-soak', passed: true, detail: 'no min-soak required', evidence };
  if (age < minSoakMs) {
    return {
      name: 'min-soak',
      passed: false,
      detail: `soak not reached: successful for ${formatDuration(age)} of the required ${formatDuration(minSoakMs)}; ${formatDuration(minSoakMs - age)} remaining (since ${success.createdAt})`,
      evidence,
    };
  }
  return { name: 'min-soak', passed: true, detail: `soaked ${formatDuration(age)} (min-soak ${formatDuration(minSoakMs)})`, evidence };
}

/** A validation older than `max-age` no longer counts: too much may have changed around it. */
export function checkMaxAge(success: DeploymentStatus, maxAgeMs: number | undefined, now: Date): GateCheck {
  const age = successAgeMs(success, now);
  const evidence = [{ label: 'Successful since', text: `${success.createdAt} (${formatDuration(age)} ago)`, href: success.logUrl }];
  if (maxAgeMs === undefined) return { name: 'max-age', passed: true, detail: 'no max-age set', evidence };
  if (age > maxAgeMs) {
    return {
      name: 'max-age',
      passed: false,
      detail: `validation too old: successful ${formatDuration(age)} ago (since ${success.createdAt}), more than max-age ${formatDuration(maxAgeMs)}`,
      evidence,
    };
  }
  return { name: 'max-age', passed: true, detail: `validated ${formatDuration(age)} ago, within max-age ${formatDuration(maxAgeMs)}`, evidence };
}
