import { startDeadline } from './deadline';
import { describeRequestError } from './request-error';
import type { Attempt } from './wait-until';
import { attemptTimeout, waitUntil, type WaitResult } from './wait-until';

/** One GET; ok when the status is 2xx within `timeoutMs` (the body is not read, so it cannot stall the wait). */
export async function checkHealthOnce(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Attempt> {
  const deadline = startDeadline(Math.max(1, timeoutMs), signal);
  try {
    const response = await fetch(url, { signal: deadline.signal, redirect: 'follow' });
    await response.body?.cancel();
    return { ok: response.status >= 200 && response.status < 300, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describeRequestError(error, { timedOut: deadline.expired, timeoutMs }) };
  } finally {
    deadline.clear();
  }
}

/** Polls `url` until it answers 2xx or `timeoutMs` passes (each request capped at 10 s). */
export function waitUntilHealthy(url: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<WaitResult> {
  return waitUntil((remaining) => checkHealthOnce(url, attemptTimeout(remaining, 10_000), options.signal), options);
}
