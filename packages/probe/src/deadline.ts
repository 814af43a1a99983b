/**
 * Node timers take at most 2³¹−1 ms (~24.8 days): a longer `setTimeout` fires after 1 ms, and
 * `AbortSignal.timeout` throws a RangeError above 2³²−1. The probe's timers go through here so
 * no duration a caller passes can crash them or make them fire early.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimer {
  clear(): void;
}

/**
 * `setTimeout` for any delay: longer ones are chained in slices of MAX_TIMER_MS; `Infinity` never
 * fires; zero, less or `NaN` fires on the next turn (as setTimeout does: a bad number fails fast
 * rather than hanging). `unref` as on a Node timer.
 */
export function setLongTimeout(callback: () => void, delayMs: number, options: { unref?: boolean } = {}): LongTimer {
  let timer: NodeJS.Timeout | undefined;
  const due = performance.now() + (delayMs > 0 ? delayMs : 0);
  const arm = () => {
    const left = due - performance.now();
    if (left === Infinity) return;
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left));
    if (options.unref) timer.unref();
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}

/** A time limit on some work, also ended early by `parent` (e.g. the job's cancel). */
export interface Deadline {
  /** Aborts when the time is up (reason: a TimeoutError) or when `parent` aborts (its reason). */
  signal: AbortSignal;
  /** True once the time ran out (not when only `parent` aborted). */
  readonly expired: boolean;
  /** Stops the timer once the work is done. */
  clear(): void;
}

/** Starts a deadline `timeoutMs` from now; safe for any number (see setLongTimeout). */
export function startDeadline(timeoutMs: number, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  // Unref'd like AbortSignal.timeout's timer: the work it bounds keeps the process alive, not the deadline.
  const timer = setLongTimeout(
    () => {
      expired = true;
      controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    },
    timeoutMs,
    { unref: true },
  );
  const signal = parent ? AbortSignal.any([controller.signal, parent]) : controller.signal;
  return {
    signal,
    get expired() {
      return expired;
    },
    clear: () => timer.clear(),
  };
}
