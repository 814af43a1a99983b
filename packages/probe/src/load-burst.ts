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
  /** Per request: no headers, or a body stalled, for this long counts as an error. */
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
  dispatchOptions: Dispatcher.DispatchOptions;
  latencies: Float64Array;
  answered: number;
  sent: number;
  errors: number;
  outcomes: Map<string, number>;
}

/**
 * Sends `requests` requests with `concurrency` in flight, recording every latency. Each of the
 * `concurrency` keep-alive connections is an undici Client driven by one reused dispatch
 * handler that sends the next request from the previous one's completion: no promise, stream
 * or handler object per request, so the generator costs less than the server it measures.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
  const burst: Burst = {
    options,
    dispatchOptions: {
      path: `${target.pathname}${target.search}`,
      method: options.method ?? 'GET',
      headers: options.headers,
      body: options.body,
    },
    latencies: new Float64Array(options.requests),
    answered: 0,
    sent: 0,
    errors: 0,
    outcomes: new Map(),
  };
  const clients = Array.from(
    { length: concurrency },
    () => new Client(target.origin, { pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs }),
  );
  const started = performance.now();
  try {
    await Promise.all(clients.map((client) => new Promise<void>((done) => new Connection(client, burst, done).next())));
  } finally {
    await Promise.all(clients.map((client) => client.destroy()));
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

/**
 * One connection's request loop, as an undici dispatch handler (the Client's own dispatch
 * takes undici's original handler shape: onConnect ... onComplete / onError).
 */
class Connection implements Dispatcher.DispatchHandler {
  private started = 0;
  private status = 0;

  constructor(
    private readonly client: Client,
    private readonly burst: Burst,
    private readonly done: () => void,
  ) {}

  next(): void {
    const { burst } = this;
    if (burst.sent >= burst.options.requests || burst.options.signal?.aborted) return this.done();
    burst.sent++;
    this.status = 0;
    this.started = performance.now();
    this.client.dispatch(burst.dispatchOptions, this);
  }

  onConnect(): void {}

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    const { burst, status } = this;
    burst.latencies[burst.answered++] = performance.now() - this.started;
    this.count(String(status));
    if (status >= 400) burst.errors++;
    this.next();
  }

  onError(error: Error): void {
    this.burst.errors++;
    const timedOut = (error as { code?: string }).code?.endsWith('_TIMEOUT') ?? false;
    this.count(describeRequestError(error, timedOut, this.burst.options.timeoutMs));
    // Not synchronously: undici calls onError from inside its own connect-error handling,
    // which asserts the client's queue is empty afterwards; dispatching from here would crash
    // the process when the target refuses or drops connections mid-burst.
    setImmediate(() => this.next());
  }

  private count(key: string): void {
    this.burst.outcomes.set(key, (this.burst.outcomes.get(key) ?? 0) + 1);
  }
}
