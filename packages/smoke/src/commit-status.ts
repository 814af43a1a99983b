import { formatDuration, formatPercentage } from '@shipgate/core';
import { formatLatency } from '@shipgate/probe';
import type { NewCommitStatus } from '@shipgate/records';
import type { SmokeResult } from './run-smoke';

/** The commit status context the gate requires by default (CONTRACT.md). */
export const smokeContext = (environment: string) => `shipgate/smoke-test (${environment})`;

/** success/failure with the failed checks and thresholds in the description (cut to 140 by the backend). */
export function smokeCommitStatus(environment: string, result: SmokeResult, waitTimeoutMs: number, targetUrl?: string): NewCommitStatus {
  const base = { context: smokeContext(environment), targetUrl };
  if (result.cancelled) return { ...base, state: 'error', description: 'smoke test cancelled before it finished' };
  if (result.passed) {
    const load = result.load?.latency
      ? `; ${result.load.requests} requests, p99 ${formatLatency(result.load.latency.p99Ms)}, errors ${formatPercentage(result.load.errorRate)}`
      : '';
    return { ...base, state: 'success', description: `${result.checks.length}/${result.checks.length} checks passed${load}` };
  }
  const parts: string[] = [];
  if (!result.readiness.ok) parts.push(`not ready within ${formatDuration(waitTimeoutMs)}: ${result.readiness.detail}`);
  else {
    const failed = result.checks.filter((c) => !c.passed).map((c) => c.name);
    if (failed.length > 0) parts.push(`failed: ${failed.join(', ')}`);
  }
  for (const t of result.thresholds.filter((t) => !t.passed)) parts.push(`${t.expression} (was ${t.actual})`);
  return { ...base, state: 'failure', description: parts.join('; ') };
}
