import { Counter, Histogram, Registry } from 'prom-client';
import { startApp, type LocalApp } from './http-app';

/** The latency buckets of the test apps, in seconds. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

export interface MetricsApp {
  app: LocalApp;
  /** What the app itself served, to compare with what Prometheus reports. */
  served: { requests: number; errors: number; over25ms: number };
  /** When /metrics was last scraped. */
  lastScrapeAt(): number;
  close(): Promise<void>;
}

/**
 * An app exposing real prom-client metrics: `app_request_duration_seconds` (histogram) and
 * `app_request_errors_total` (counter), both present at zero from the start. Request n gets
 * status `status(n)` after `delayMs(n)`.
 */
export async function startMetricsApp(behaviour: { status: (n: number) => number; delayMs: (n: number) => number }): Promise<MetricsApp> {
  const registry = new Registry();
  const duration = new Histogram({ name: 'app_request_duration_seconds', help: 'request latency', buckets: LATENCY_BUCKETS, registers: [registry] });
  const errors = new Counter({ name: 'app_request_errors_total', help: 'requests answered 5xx', registers: [registry] });
  const served = { requests: 0, errors: 0, over25ms: 0 };
  let n = 0;
  let scrapedAt = 0;
  const app = await startApp((req, res) => {
    if (req.url === '/metrics') {
      scrapedAt = Date.now();
      void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
      return;
    }
    const started = performance.now();
    const i = ++n;
    setTimeout(() => {
      const status = behaviour.status(i);
      res.writeHead(status).end();
      const seconds = (performance.now() - started) / 1000;
      duration.observe(seconds);
      served.requests++;
      if (seconds > 0.025) served.over25ms++;
      if (status >= 500) {
        errors.inc();
        served.errors++;
      }
    }, behaviour.delayMs(i));
  });
  return { app, served, lastScrapeAt: () => scrapedAt, close: () => app.close() };
}
