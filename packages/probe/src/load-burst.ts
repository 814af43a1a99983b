import { Client, type Dispatcher } from 'undici';
import { latencyStats, type LatencyStats } from './percentiles';
import { describeRequestError } from './request-error';

export interface LoadOptions {
  url: string;
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Total requests to send. */
  requests: number;
  /** Requests in flight at once, each on its own keep-alive connection. */
  concurrency: number;
  /** Per request, body included: a request not complete within this counts as an error. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface LoadResult {
  /** Requests sent (fewer than asked only when cancelled). */
  requests: number;
  /** Requests answered 4xx/5xx or not answered at all. */
  errors: number;
  errorRate: number;
  /** `200` → count, plus one line per kind of transport failure (`connection refused` → count). */
  outcomes: Record<string, number>;
  durationMs: number;
  requestsPerSecond: number;
  /** Over every answered request (no sampling); undefined when none was answered. */
  latency?: LatencyStats;
}

/** Shared by every connection of one burst. */
interface Burst {
  options: LoadOptions;
  origin: string;
  dispatchOptions: Dispatcher.DispatchOptions;
  /** Whole-request limit in ms (`timeoutMs`, at least 1 ms). */
  limitMs: number;
  latencies: Float64Array;
  answered: number;
  sent: number;
  errors: number;
  outcomes: Map<string, number>;
}

/** Undici's own timeouts are per-chunk idle timers: the burst's watchdog bounds each whole request instead. */
const CLIENT_OPTIONS: Client.Options = { pipelining: 1, headersTimeout: 0, bodyTimeout: 0 };

/**
 * Sends `requests` requests with `concurrency` in flight, recording every latency. Each of the
 * `concurrency` keep-alive connections is an undici Client driven by one reused dispatch
 * handler that sends the next request from the previous one's completion: no promise, stream
 * or handler object per request, so the generator costs less than the server it measures.
 * `timeoutMs` bounds each whole request, body included (a watchdog sweeps the connections, so
 * no timer is set per request); cancelling `signal` aborts the requests in flight at once.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
  const burst: Burst = {
    options,
    origin: target.origin,
    dispatchOptions: {
      path: `${target.pathname}${target.search}`,
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
    },
    limitMs: options.timeoutMs >= 1 ? options.timeoutMs : 1,
    latencies: new Float64Array(options.requests),
    answered: 0,
    sent: 0,
    errors: 0,
    outcomes: new Map(),
  };
  const connections: Connection[] = [];
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const connection of connections) connection.abortIfOverdue(now);
  }, sweepIntervalMs(burst.limitMs));
  const cancel = () => {
    for (const connection of connections) connection.cancel();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });
  const started = performance.now();
  try {
    const finished = Array.from({ length: concurrency }, () => new Promise<void>((done) => connections.push(new Connection(burst, done))));
    for (const connection of connections) connection.next();
    await Promise.all(finished);
  } finally {
    clearInterval(watchdog);
    options.signal?.removeEventListener('abort', cancel);
    await Promise.all(connections.map((connection) => connection.close()));
  }
  const durationMs = performance.now() - started;
  const { sent, errors } = burst;
  return {
    requests: sent,
    errors,
    errorRate: sent === 0 ? 0 : errors / sent,
    outcomes: Object.fromEntries(burst.outcomes),
    durationMs,
    requestsPerSecond: durationMs > 0 ? (sent / durationMs) * 1000 : 0,
    latency: latencyStats(burst.latencies.subarray(0, burst.answered)),
  };
}

/** How often the watchdog looks (a twentieth of the limit, 5 ms to 1 s): a request ends at most that long after its limit. */
function sweepIntervalMs(limitMs: number): number {
  return Math.min(1_000, Math.max(5, Math.floor(limitMs / 20)));
}

/**
 * One connection's request loop, as an undici dispatch handler (the Client's own dispatch
 * takes undici's original handler shape: onConnect ... onComplete / onError).
 */
class Connection implements Dispatcher.DispatchHandler {
  private client: Client;
  private inFlight = false;
  private started = 0;
  private status = 0;
  /** Undici's abort for the request in flight; unset while the socket is still connecting. */
  private abortRequest: ((reason: Error) => void) | undefined;
  /** Why the watchdog or the cancel ended the request in flight. */
  private endedBy: 'timeout' | 'cancel' | undefined;

  constructor(
    private readonly burst: Burst,
    private readonly done: () => void,
  ) {
    this.client = new Client(burst.origin, CLIENT_OPTIONS);
  }

  next(): void {
    const { burst } = this;
    if (burst.sent >= burst.options.requests || burst.options.signal?.aborted) return this.done();
    burst.sent++;
    this.status = 0;
    this.abortRequest = undefined;
    this.endedBy = undefined;
    this.inFlight = true;
    this.started = performance.now();
    this.client.dispatch(burst.dispatchOptions, this);
  }

  abortIfOverdue(now: number): void {
    if (this.inFlight && this.endedBy === undefined && now - this.started > this.burst.limitMs) this.end('timeout');
  }

  cancel(): void {
    if (this.inFlight && this.endedBy === undefined) this.end('cancel');
  }

  close(): Promise<void> {
    return this.client.destroy();
  }

  private end(why: 'timeout' | 'cancel'): void {
    this.endedBy = why;
    const reason = new Error(why === 'timeout' ? 'request timed out' : 'cancelled');
    if (this.abortRequest) return this.abortRequest(reason);
    // Still connecting: only destroying the client ends the request; the next one gets a new client.
    const stuck = this.client;
    this.client = new Client(this.burst.origin, CLIENT_OPTIONS);
    void stuck.destroy(reason);
  }

  onConnect(abort: (reason: Error) => void): void {
    this.abortRequest = abort;
  }

  onHeaders(statusCode: number): boolean {
    if (statusCode < 200) return true; // 1xx: the answer is still to come
    this.status = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    const { burst, status } = this;
    this.inFlight = false;
    burst.latencies[burst.answered++] = performance.now() - this.started;
    this.count(String(status));
    if (status >= 400) burst.errors++;
    this.next();
  }

  onError(error: Error): void {
    this.inFlight = false;
    if (this.endedBy === 'cancel') this.count('cancelled');
    else {
      this.burst.errors++;
      const timedOut = this.endedBy === 'timeout';
      this.count(describeRequestError(error, { timedOut, timeoutMs: this.burst.options.timeoutMs, answered: this.status !== 0 }));
    }
    // Not synchronously: undici calls onError from inside its own connect-error handling,
    // which asserts the client's queue is empty afterwards; dispatching from here would crash
    // the process when the target refuses or drops connections mid-burst.
    setImmediate(() => this.next());
  }

  private count(key: string): void {
    this.burst.outcomes.set(key, (this.burst.outcomes.get(key) ?? 0) + 1);
  }
}
