import { describeRequestError } from './request-error';
import type { Attempt } from './wait-until';
import { attemptTimeout, waitUntil, type WaitResult } from './wait-until';

/** One GET; ok when the answer is 2xx within `timeoutMs`. */
export async function checkHealthOnce(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
  const timeout = AbortSignal.timeout(Math.max(1, timeoutMs));
  try {
    const response = await fetch(url, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: 'follow' });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describeRequestError(error, timeout.aborted, timeoutMs) };
  }
}

/** Polls `url` until it answers 2xx or `timeoutMs` passes (each request capped at 10 s). */
export function waitUntilHealthy(url: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<WaitResult> {
  return waitUntil((remaining) => checkHealthOnce(url, attemptTimeout(remaining, 10_000), options.signal), options);
}
