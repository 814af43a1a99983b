import type { CanaryOutcome } from './rollout-types';

/** The JSON report (`report` output): what was decided, and every step's and poll's figures. */
export function canaryReport(outcome: CanaryOutcome): string {
  return `${JSON.stringify({ schema: 'shipgate-canary-report/1', ...outcome }, null, 2)}\n`;
}
