import { runCheck, type CheckResult, type HttpCheck } from './http-check';
import { waitUntil, type WaitResult } from './wait-until';

export interface ReadinessOptions {
  /** 0: one attempt, no retry. */
  waitTimeoutMs: number;
  requestTimeoutMs: number;
  signal?: AbortSignal;
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/** Even the last attempt before the deadline gets this long, so it is not doomed by a 3 ms timeout. */
const MIN_ATTEMPT_MS = 1_000;

/**
 * Retries `check` with backoff until it passes or the wait is over (a freshly deployed
 * version is often still starting). Returns the wait and the last attempt's full result.
 */
export async function waitForCheck(check: HttpCheck, options: ReadinessOptions): Promise<{ wait: WaitResult; result: CheckResult }> {
  let last: CheckResult | undefined;
  const wait = await waitUntil(
    async (remainingMs) => {
      const timeoutMs = Math.min(options.requestTimeoutMs, Math.max(remainingMs, MIN_ATTEMPT_MS));
      last = await runCheck(check, { timeoutMs, signal: options.signal });
      return { ok: last.passed, detail: last.failures.join('; ') || `HTTP ${last.status}` };
    },
    {
      timeoutMs: options.waitTimeoutMs,
      signal: options.signal,
      initialDelayMs: options.initialDelayMs,
      maxDelayMs: options.maxDelayMs,
    },
  );
  return { wait, result: last as CheckResult };
}
