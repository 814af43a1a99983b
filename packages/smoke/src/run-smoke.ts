import { formatDuration, formatPercentage } from '@shipgate/core';
import {
  evaluateThresholds,
  formatLatency,
  runCheck,
  runLoad,
  waitForCheck,
  type CheckResult,
  type LoadResult,
  type ThresholdResult,
  type WaitResult,
} from '@shipgate/probe';
import type { SmokePlan } from './smoke-plan';

export interface SmokeResult {
  passed: boolean;
  cancelled: boolean;
  /** The first check, retried until it passed or wait-timeout ran out. */
  readiness: Omit<WaitResult, 'detail'> & { detail: string };
  /** In plan order; the first is the readiness check's last attempt. */
  checks: CheckResult[];
  /** Checks not run because the target never became ready. */
  skipped: string[];
  load?: LoadResult;
  thresholds: ThresholdResult[];
  durationMs: number;
}

export interface SmokeHooks {
  info(message: string): void;
  signal: AbortSignal;
}

/** Readiness wait → every check → the load burst → thresholds. Sends requests; records nothing. */
export async function runSmoke(plan: SmokePlan, hooks: SmokeHooks): Promise<SmokeResult> {
  const started = Date.now();
  const [first, ...rest] = plan.checks;
  if (!first) throw new Error('a smoke plan always has at least one check');
  hooks.info(`Waiting up to ${formatDuration(plan.waitTimeoutMs)} for '${first.name}' (${first.method} ${first.url}) to pass`);
  const ready = await waitForCheck(first, { waitTimeoutMs: plan.waitTimeoutMs, requestTimeoutMs: plan.requestTimeoutMs, signal: hooks.signal });
  const checks: CheckResult[] = [ready.result];
  const skipped: string[] = [];
  let load: LoadResult | undefined;
  let thresholds: ThresholdResult[] = [];
  if (ready.wait.ok) {
    hooks.info(`Ready after ${ready.wait.attempts} attempt(s), ${formatDuration(ready.wait.elapsedMs)}`);
    logCheck(ready.result, hooks);
    for (const check of rest) {
      if (hooks.signal.aborted) break;
      const result = await runCheck(check, { timeoutMs: plan.requestTimeoutMs, signal: hooks.signal });
      checks.push(result);
      logCheck(result, hooks);
    }
    if (plan.load && !hooks.signal.aborted) {
      hooks.info(`Load burst: ${plan.load.requests} requests to ${plan.load.method} ${plan.load.url}, ${plan.load.concurrency} at a time`);
      // A cancel aborts the requests in flight at once (however long request-timeout is), so the
      // commit status can still be recorded before the runner's SIGTERM.
      load = await runLoad({ ...plan.load, signal: hooks.signal });
      if (hooks.signal.aborted) {
        hooks.info(`Load burst cancelled after ${load.requests} of ${plan.load.requests} requests; the requests in flight were aborted`);
      } else {
        hooks.info(describeLoad(load));
        thresholds = evaluateThresholds(plan.thresholds, load);
        for (const t of thresholds) hooks.info(`${t.passed ? 'pass' : 'FAIL'}  threshold ${t.expression}: ${t.actual}`);
      }
    }
  } else if (hooks.signal.aborted) {
    hooks.info(`Cancelled while waiting for '${first.name}' to pass (${ready.wait.attempts} attempt(s))`);
    skipped.push(...rest.map((c) => c.name));
  } else {
    hooks.info(`Not ready within ${formatDuration(plan.waitTimeoutMs)} (${ready.wait.attempts} attempt(s)): ${ready.wait.detail}`);
    skipped.push(...rest.map((c) => c.name));
  }
  const cancelled = hooks.signal.aborted;
  const passed = !cancelled && ready.wait.ok && checks.every((c) => c.passed) && thresholds.every((t) => t.passed);
  return { passed, cancelled, readiness: ready.wait, checks, skipped, load, thresholds, durationMs: Date.now() - started };
}

function logCheck(result: CheckResult, hooks: SmokeHooks): void {
  const latency = result.latencyMs === undefined ? '' : ` in ${formatLatency(result.latencyMs)}`;
  const status = result.status === undefined ? 'no answer' : `HTTP ${result.status}`;
  hooks.info(`${result.passed ? 'pass' : 'FAIL'}  ${result.name}: ${status}${latency}${result.passed ? '' : ` — ${result.failures.join('; ')}`}`);
}

export function describeLoad(load: LoadResult): string {
  const latency = load.latency
    ? `p50 ${formatLatency(load.latency.p50Ms)}, p95 ${formatLatency(load.latency.p95Ms)}, p99 ${formatLatency(load.latency.p99Ms)}, max ${formatLatency(load.latency.maxMs)}`
    : 'no answers';
  return `${load.requests} requests in ${formatDuration(load.durationMs)} (${load.requestsPerSecond.toFixed(0)}/s), errors ${load.errors} (${formatPercentage(load.errorRate)}); ${latency}`;
}
