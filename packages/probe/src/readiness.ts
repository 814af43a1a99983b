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

/**
 * Retries `check` with backoff until it passes or the wait is over (a freshly deployed
 * version is often still starting). Returns the wait and the last attempt's full result.
 * Every attempt gets the full `request-timeout` — it is the user's limit per request — so the
 * last attempt may end up to one request-timeout after `wait-timeout`.
 */
export async function waitForCheck(check: HttpCheck, options: ReadinessOptions): Promise<{ wait: WaitResult; result: CheckResult }> {
  let last: CheckResult | undefined;
  const wait = await waitUntil(
    async () => {
      last = await runCheck(check, { timeoutMs: options.requestTimeoutMs, signal: options.signal });
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
