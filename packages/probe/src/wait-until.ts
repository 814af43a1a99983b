import { setLongTimeout } from './deadline';

export interface Attempt {
  ok: boolean;
  /** What the last attempt saw, for the failure message (e.g. "HTTP 503", "connection refused"). */
  detail: string;
}

export interface WaitResult extends Attempt {
  attempts: number;
  elapsedMs: number;
}

export interface WaitOptions {
  timeoutMs: number;
  /** First pause between attempts; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/** Even an attempt started just before the deadline gets this long: a 1 ms timeout would only report itself. */
export const MIN_ATTEMPT_MS = 1_000;

/** Time limit of one attempt: the time left, at least MIN_ATTEMPT_MS, at most `capMs`. */
export function attemptTimeout(remainingMs: number, capMs: number): number {
  return Math.min(capMs, Math.max(remainingMs, MIN_ATTEMPT_MS));
}

/**
 * Retries `attempt` with exponential backoff until it succeeds or the time is up. A deploy's
 * new version usually needs a few seconds to start listening; the backoff keeps the first
 * answers fast and later polling cheap. The last attempt never starts after the deadline.
 */
export async function waitUntil(attempt: (remainingMs: number) => Promise<Attempt>, options: WaitOptions): Promise<WaitResult> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let delay = options.initialDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(Math.max(0, deadline - Date.now()));
    const elapsedMs = Date.now() - started;
    if (result.ok || options.signal?.aborted) return { ...result, attempts, elapsedMs };
    const pause = Math.min(delay, deadline - Date.now());
    if (pause <= 0) return { ...result, attempts, elapsedMs };
    await sleep(pause, options.signal);
    delay = Math.min(delay * 2, maxDelay);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setLongTimeout(done, ms);
    function done() {
      timer.clear();
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
