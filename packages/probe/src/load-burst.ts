import { Pool, type Dispatcher } from 'undici';
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

/**
 * Sends `requests` requests with `concurrency` in flight through one undici keep-alive pool,
 * recording every latency. It uses undici's dispatch API directly: no stream or promise per
 * body, so the generator costs less than the server it measures.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const concurrency = Math.max(1, Math.min(options.concurrency, options.requests));
  const pool = new Pool(target.origin, {
    connections: concurrency,
    pipelining: 1,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const latencies = new Float64Array(options.requests);
  let answered = 0;
  let sent = 0;
  let errors = 0;
  const outcomes: Record<string, number> = {};
  const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
  const dispatchOptions: Dispatcher.DispatchOptions = {
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
  };

  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      let status = 0;
      // The Pool's own dispatch takes undici's original handler shape (onConnect ... onComplete).
      pool.dispatch(dispatchOptions, {
        onConnect() {},
        onHeaders(statusCode) {
          status = statusCode;
          return true;
        },
        onData() {
          return true;
        },
        onComplete() {
          latencies[answered++] = performance.now() - started;
          count(String(status));
          if (status >= 400) errors++;
          resolve();
        },
        onError(error) {
          errors++;
          const timedOut = (error as { code?: string }).code?.endsWith('_TIMEOUT') ?? false;
          count(describeRequestError(error, timedOut, options.timeoutMs));
          resolve();
        },
      });
    });

  const worker = async () => {
    while (sent < options.requests && !options.signal?.aborted) {
      sent++;
      await one();
    }
  };

  const started = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.destroy();
  }
  const durationMs = performance.now() - started;
  return {
    requests: sent,
    errors,
    errorRate: sent === 0 ? 0 : errors / sent,
    outcomes,
    durationMs,
    requestsPerSecond: durationMs > 0 ? (sent / durationMs) * 1000 : 0,
    latency: latencyStats(latencies.subarray(0, answered)),
  };
}
